import { getNegotiation, listNegotiationEvents } from '$lib/api/negotiations.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ params, fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  try {
    const negotiation = await getNegotiation(params.id, fetch);
    // The agreement is among the last events (accept, agreed): its event says when and which version.
    const tail = await listNegotiationEvents(params.id, { beforeSeq: negotiation.lastSeq + 1, limit: 5 }, fetch);
    const agreed = tail.items.findLast((event) => event.kind === 'agreed') ?? null;
    return { negotiation, agreed };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
