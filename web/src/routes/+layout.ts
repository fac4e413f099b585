import { session } from '$lib/session.svelte.ts';
import type { LayoutLoad } from './$types';

// A single-page app: the Fastify server serves build/index.html for every non-API path.
export const ssr = false;
export const prerender = false;

export const load: LayoutLoad = async ({ fetch }) => {
  await session.load(fetch);
  return {};
};
