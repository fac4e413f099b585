import type { Static } from 'typebox';
import type {
  AddMemberBody, AddMemberResponseSchema, Member, Organisation, UpdateOrganisationBody,
} from '$shared/schemas/organisations.ts';
import { http, type Fetch } from './http.ts';

export type AddMemberResponse = Static<typeof AddMemberResponseSchema>;

const base = (id: string) => `/organisations/${encodeURIComponent(id)}`;

export const getOrganisation = (id: string, fetch?: Fetch) => http.get<Organisation>(base(id), { fetch });
export const updateOrganisation = (id: string, body: UpdateOrganisationBody) => http.patch<Organisation>(base(id), { body });
export const listMembers = (id: string, fetch?: Fetch) => http.get<Member[]>(`${base(id)}/members`, { fetch });
export const addMember = (id: string, body: AddMemberBody) => http.post<AddMemberResponse>(`${base(id)}/members`, { body });
export const removeMember = (id: string, userId: string) =>
  http.delete<unknown>(`${base(id)}/members/${encodeURIComponent(userId)}`);
