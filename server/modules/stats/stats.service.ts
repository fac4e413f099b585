import { count, eq } from 'drizzle-orm';
import type { Db } from '../../db/database.ts';
import type { Overview } from '../../../shared/schemas/stats.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { forbidden } from '../../errors.ts';

// Areas and regions are counted over published tasks, which always have them; a null key (a draft's
// unset field) is never a bucket.
const toCounts = (rows: { key: string | null; total: number }[]) =>
  Object.fromEntries(rows.flatMap((row) => (row.key === null ? [] : [[row.key, row.total]])));

export function createStatsService({ db }: { db: Db }) {
  const tasksRepo = createTasksRepo({ db });

  async function countOrganisations(kind: 'institute' | 'enterprise') {
    const [row] = await db.select({ total: count() }).from(organisations).where(eq(organisations.kind, kind));
    return row.total;
  }

  return {
    /** Program managers' first look: where the tasks are, by status, priority area and region. */
    async getOverview(auth: AuthContext): Promise<Overview> {
      requireSignedIn(auth);
      if (!auth.isAdmin && auth.organisation?.kind !== 'program_office') throw forbidden('Only program offices and administrators see the overview.');
      const [byStatus, byPriorityArea, byRegion, publishedBudgetKzt, institutes, enterprises] = await Promise.all([
        tasksRepo.countBy('status', false),
        tasksRepo.countBy('priorityArea', true),
        tasksRepo.countBy('region', true),
        tasksRepo.sumPublishedBudget(),
        countOrganisations('institute'),
        countOrganisations('enterprise'),
      ]);
      return {
        tasks: { byStatus: toCounts(byStatus), byPriorityArea: toCounts(byPriorityArea), byRegion: toCounts(byRegion), publishedBudgetKzt },
        institutes,
        enterprises,
      };
    },
  };
}
