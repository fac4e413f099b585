import type { AddMemberBody, UpdateOrganisationBody } from '$shared/schemas/organisations.ts';
import * as organisationsApi from '../api/organisations.ts';

export const saveOrganisation = (id: string, body: UpdateOrganisationBody) => organisationsApi.updateOrganisation(id, body);
export const addMember = (id: string, body: AddMemberBody) => organisationsApi.addMember(id, body);
export const removeMember = (id: string, userId: string) => organisationsApi.removeMember(id, userId);
