import { listPublicCalls } from '$lib/api/calls.ts';
import { rethrowForPage } from '$lib/load.ts';
import { CALL_STATUSES, type CallStatus } from '$shared/schemas/calls.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, url }) => {
  const q = url.searchParams.get('q') ?? '';
  const status = url.searchParams.get('status');
  const query = { q: q || undefined, status: (CALL_STATUSES as readonly string[]).includes(status ?? '') ? (status as CallStatus) : undefined, pageSize: 50 };
  try {
    return { query, page: await listPublicCalls(query, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
