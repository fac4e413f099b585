import type { Static } from 'typebox';
import type {
  CreateOrganisationBody, Member, Organisation, OrganisationQuery, UpdateOrganisationBody,
} from '$shared/schemas/organisations.ts';
import type { CreateInvitationBody, Invitation } from '$shared/schemas/invitations.ts';
import type { OkSchema, Page } from '$shared/schemas/common.ts';
import { http, type Fetch } from './http.ts';

const base = (id: string) => `/organisations/${encodeURIComponent(id)}`;

export const listOrganisations = (query: OrganisationQuery, fetch?: Fetch) => http.get<Page<Organisation>>('/organisations', { query, fetch });
export const createOrganisation = (body: CreateOrganisationBody) => http.post<Organisation>('/organisations', { body });
export const getOrganisation = (id: string, fetch?: Fetch) => http.get<Organisation>(base(id), { fetch });
export const updateOrganisation = (id: string, body: UpdateOrganisationBody) => http.patch<Organisation>(base(id), { body });
export const listMembers = (id: string, fetch?: Fetch) => http.get<Member[]>(`${base(id)}/members`, { fetch });
export const removeMember = (id: string, userId: string) =>
  http.delete<unknown>(`${base(id)}/members/${encodeURIComponent(userId)}`);
export const listInvitations = (id: string, fetch?: Fetch) => http.get<Invitation[]>(`${base(id)}/invitations`, { fetch });
export const createInvitation = (id: string, body: CreateInvitationBody) => http.post<Invitation>(`${base(id)}/invitations`, { body });
export const revokeInvitation = (id: string, invitationId: string) =>
  http.delete<Static<typeof OkSchema>>(`${base(id)}/invitations/${encodeURIComponent(invitationId)}`);
