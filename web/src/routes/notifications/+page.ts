import { listNotifications } from '$lib/api/alerts.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent }) => {
  await parent();
  requireSignIn(url);
  const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page')) || 1));
  const unreadOnly = url.searchParams.get('unread') === '1';
  try {
    return { unreadOnly, result: await listNotifications({ page, pageSize: 20, unreadOnly }, fetch) };
  } catch (error) {
    rethrowForPage(error, url);
  }
};
