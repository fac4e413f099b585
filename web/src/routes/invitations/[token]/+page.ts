import { getInvitation } from '$lib/api/invitations.ts';
import { ApiError, isApiError } from '$lib/api/http.ts';
import { rethrowForPage } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent }) => {
  await parent();
  try {
    return { token: params.token, preview: await getInvitation(params.token, fetch), failure: null };
  } catch (error) {
    // A token that cannot be one (a link cut short or mangled) is an unknown invitation, not a form to check.
    if (isApiError(error) && error.status === 400) {
      return { token: params.token, preview: null, failure: new ApiError(404, 'invitations.not_found', error.message) };
    }
    // Unknown, used, withdrawn or expired links get their own explanation on this page.
    if (isApiError(error) && (error.status === 404 || error.status === 410)) {
      return { token: params.token, preview: null, failure: error };
    }
    rethrowForPage(error);
  }
};
