import { listInstitutes } from '$lib/api/institutes.ts';
import { LIST_PAGE_SIZE, parseInstituteQuery } from '$lib/filters.ts';
import { rethrowForPage } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch }) => {
  const query = parseInstituteQuery(url.searchParams);
  try {
    return { query, result: await listInstitutes({ ...query, pageSize: LIST_PAGE_SIZE }, fetch) };
  } catch (error) {
    rethrowForPage(error);
  }
};
