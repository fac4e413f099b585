import type { CreateOrganisationBody, UpdateOrganisationBody } from '$shared/schemas/organisations.ts';
import type { CreateInvitationBody } from '$shared/schemas/invitations.ts';
import * as organisationsApi from '../api/organisations.ts';

export const saveOrganisation = (id: string, body: UpdateOrganisationBody) => organisationsApi.updateOrganisation(id, body);
export const removeMember = (id: string, userId: string) => organisationsApi.removeMember(id, userId);
export const inviteMember = (id: string, body: CreateInvitationBody) => organisationsApi.createInvitation(id, body);
export const revokeInvitation = (id: string, invitationId: string) => organisationsApi.revokeInvitation(id, invitationId);
/** Program offices are created by administrators only (see the API). */
export const createProgramOffice = (body: Omit<CreateOrganisationBody, 'kind'>) => organisationsApi.createOrganisation({ ...body, kind: 'program_office' });
