import { getInstitute } from '$lib/api/institutes.ts';
import { rethrowForPage } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent }) => {
  await parent();
  try {
    return { institute: await getInstitute(params.id, fetch) };
  } catch (error) {
    rethrowForPage(error);
  }
};
