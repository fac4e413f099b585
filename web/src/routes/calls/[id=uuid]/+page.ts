import { getCall, getPublicCall } from '$lib/api/calls.ts';
import { rethrowForPage } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, params, parent, url }) => {
  await parent();
  try {
    // A draft is its office's alone (GET /calls/:id); once open the public view adds the funded list.
    const call = await getCall(params.id, fetch);
    const funded = call.status === 'draft' ? [] : (await getPublicCall(params.id, fetch)).funded;
    return { call, funded };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
