import { getInstitute } from '$lib/api/institutes.ts';
import { getStatsOverview } from '$lib/api/stats.ts';
import { listTasks } from '$lib/api/tasks.ts';
import { rethrowForPage, requireSignIn } from '$lib/load.ts';
import { session } from '$lib/session.svelte.ts';
import type { PageLoad } from './$types';

export const load: PageLoad = async ({ fetch, parent, url }) => {
  await parent();
  requireSignIn(url);
  const organisation = session.organisation;
  try {
    if (organisation?.kind === 'enterprise') {
      const byStatus = (status: 'draft' | 'published' | 'closed') =>
        listTasks({ organisationId: organisation.id, status, pageSize: 50, sort: 'newest' }, fetch);
      const [draft, published, closed] = await Promise.all([byStatus('draft'), byStatus('published'), byStatus('closed')]);
      return { view: 'enterprise' as const, tasks: { draft, published, closed } };
    }
    if (organisation?.kind === 'institute') {
      const institute = await getInstitute(organisation.id, fetch);
      const recent = institute.priorityAreas.length
        ? (await listTasks({ priorityArea: institute.priorityAreas, sort: 'newest', pageSize: 6 }, fetch)).items
        : [];
      return { view: 'institute' as const, institute, recent };
    }
    if (organisation?.kind === 'program_office' || session.isAdmin) {
      const overview = await getStatsOverview(fetch).catch(() => null);
      return { view: 'program' as const, overview };
    }
    return { view: 'none' as const };
  } catch (error) {
    rethrowForPage(error, url);
  }
};
