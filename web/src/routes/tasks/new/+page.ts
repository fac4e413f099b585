import { error } from '@sveltejs/kit';
import { requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ parent, url }) => {
  await parent();
  requireSignIn(url);
  if (session.organisation?.kind !== 'enterprise') error(403, { message: 'Only enterprises post tasks.', code: 'organisations.kind_not_allowed' });
  return {};
};
