import { error } from '@sveltejs/kit';
import { getFunnel, getLedger, getPortfolio, getReconciliation, getScorecards } from '$lib/api/program.ts';
import { listAudit } from '$lib/api/admin.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import { filtersOf, oneOf, PROGRAM_VIEWS, text, type ProgramView } from '$lib/program-filters.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ url, fetch, parent }) => {
  await parent();
  requireSignIn(url);
  if (!session.isAdmin && session.organisation?.kind !== 'program_office') {
    error(403, { message: 'Only program offices and administrators see the program workspace.', code: 'auth.forbidden' });
  }
  const view: ProgramView = oneOf(PROGRAM_VIEWS, text(url, 'view')) ?? 'ledger';
  const filters = filtersOf(url);
  const page = Math.max(1, Math.min(100_000, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1));
  const scope = { region: filters.region };
  try {
    if (view === 'portfolio') {
      const { region, priorityArea, source, status, year, enterpriseId, instituteId } = filters;
      return { view, filters, portfolio: await getPortfolio({ region, priorityArea, source, status, year, enterpriseId, instituteId, page, pageSize: 20 }, fetch) };
    }
    if (view === 'funnel') return { view, filters, funnel: await getFunnel(scope, fetch) };
    if (view === 'scorecards') return { view, filters, scorecards: await getScorecards(scope, fetch) };
    if (view === 'audit') {
      const query = {
        entityType: filters.entityType, entityId: filters.entityId, actorEmail: filters.actorEmail, action: filters.action, page,
        // Whole days in UTC, the audit log's clock.
        from: filters.auditFrom && `${filters.auditFrom}T00:00:00.000Z`, to: filters.auditTo && `${filters.auditTo}T23:59:59.999Z`,
      };
      return { view, filters, audit: await listAudit(query, fetch) };
    }
    const [ledger, reconciliation] = await Promise.all([getLedger({ ...scope, from: filters.from, to: filters.to }, fetch), getReconciliation(fetch)]);
    return { view, filters, ledger, reconciliation };
  } catch (cause) {
    rethrowForPage(cause, url);
  }
};
