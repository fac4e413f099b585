import { error } from '@sveltejs/kit';
import { listAudit, listUsers } from '$lib/api/admin.ts';
import { listOrganisations } from '$lib/api/organisations.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import { ORG_KINDS } from '$shared/constants.ts';
import type { PageLoad } from './$types';

const ADMIN_TABS = ['users', 'organisations', 'audit'] as const;
type AdminTab = (typeof ADMIN_TABS)[number];

const text = (url: URL, name: string) => url.searchParams.get(name)?.trim() || undefined;
const isDate = (value: string | undefined) => (value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined);

export const load: PageLoad = async ({ url, fetch, parent }) => {
  await parent();
  requireSignIn(url);
  if (!session.isAdmin) error(403, { message: 'Only platform administrators can see this page.', code: 'auth.forbidden' });
  const requested = url.searchParams.get('tab');
  const tab: AdminTab = ADMIN_TABS.find((candidate) => candidate === requested) ?? 'users';
  const page = Math.max(1, Math.min(100_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
  try {
    if (tab === 'organisations') {
      const kind = ORG_KINDS.find((candidate) => candidate === url.searchParams.get('kind'));
      const filters = { q: text(url, 'q'), kind };
      return { tab, filters, organisations: await listOrganisations({ ...filters, page }, fetch) };
    }
    if (tab === 'audit') {
      const filters = {
        entityType: text(url, 'entityType'),
        entityId: text(url, 'entityId'),
        actorUserId: text(url, 'actorUserId'),
        action: text(url, 'action'),
        from: isDate(text(url, 'from')),
        to: isDate(text(url, 'to')),
      };
      // Dates are whole days in UTC, the audit log's clock.
      const query = { ...filters, from: filters.from && `${filters.from}T00:00:00.000Z`, to: filters.to && `${filters.to}T23:59:59.999Z`, page };
      return { tab, filters, audit: await listAudit(query, fetch) };
    }
    const filters = { q: text(url, 'q') };
    return { tab, filters, users: await listUsers({ ...filters, page }, fetch) };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
