import { getNegotiation, listNegotiationEvents } from '$lib/api/negotiations.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { HISTORY_PAGE } from '$lib/services/negotiation-room.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  try {
    const negotiation = await getNegotiation(params.id, fetch);
    // The newest page of history; older pages load on demand, later events arrive on the socket.
    const page = await listNegotiationEvents(params.id, { beforeSeq: negotiation.lastSeq + 1, limit: HISTORY_PAGE }, fetch);
    return { negotiation, page };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
