// The negotiations REST API, typed from the shared protocol schemas; live frames go through the
// reconnecting client (lib/negotiation/client.ts) on the socket whose address `negotiationSocketUrl` gives.
import type {
  Negotiation, NegotiationEventsPage, NegotiationEventsQuery, NegotiationListQuerySchema, NegotiationListSchema, OpenNegotiationResponseSchema,
} from '$shared/schemas/negotiations.ts';
import type { Static } from 'typebox';
import { http, type Fetch } from './http.ts';

export type NegotiationList = Static<typeof NegotiationListSchema>;
export type NegotiationListQuery = Static<typeof NegotiationListQuerySchema>;

const id = (value: string) => encodeURIComponent(value);

/** Opens the room for a proposal (the task's enterprise); repeating it answers the same room. */
export const openNegotiation = (proposalId: string) =>
  http.post<Static<typeof OpenNegotiationResponseSchema>>(`/proposals/${id(proposalId)}/negotiation`);
export const listNegotiations = (query: NegotiationListQuery = { mine: true }, fetch?: Fetch) => http.get<NegotiationList>('/negotiations', { query, fetch });
export const getNegotiation = (negotiationId: string, fetch?: Fetch) => http.get<Negotiation>(`/negotiations/${id(negotiationId)}`, { fetch });
export const listNegotiationEvents = (negotiationId: string, query: NegotiationEventsQuery, fetch?: Fetch) =>
  http.get<NegotiationEventsPage>(`/negotiations/${id(negotiationId)}/events`, { query: { ...query }, fetch });

/** The negotiation socket on this origin (ws: or wss: to match the page); the session cookie rides along. */
export function negotiationSocketUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
}
