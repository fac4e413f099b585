import { getOrganisation, listInvitations, listMembers } from '$lib/api/organisations.ts';
import { rethrowForPage } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent }) => {
  await parent();
  try {
    const [organisation, members, invitations] = await Promise.all([
      getOrganisation(params.id, fetch),
      // Only members may list members; everyone else just sees the organisation.
      session.canManage(params.id) ? listMembers(params.id, fetch).catch(() => null) : Promise.resolve(null),
      // Pending invitations are for owners (and admins).
      session.isOwnerOf(params.id) ? listInvitations(params.id, fetch).catch(() => null) : Promise.resolve(null),
    ]);
    return { organisation, members, invitations };
  } catch (error) {
    rethrowForPage(error);
  }
};
