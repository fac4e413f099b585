import type { FastifyBaseLogger } from 'fastify';
import type { NotificationRow } from '../alerts/notifications.repo.ts';
import type { PartnershipsContext } from './partnerships.context.ts';

// Partnerships handled per run; a backlog waits for the next run instead of making one run endless.
const PER_RUN = 500;
const JOB_ACTOR = { userId: null, tokenId: null, label: 'at-risk-job' };

export interface AtRiskRunResult {
  marked: number;
  cleared: number;
}

/** The last due date that is not yet "overdue by more than `days`" on the UTC date of `at`. */
export function atRiskCutoff(at: Date, days: number): string {
  const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return new Date(today - days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Marks active partnerships at risk when a milestone is not accepted more than `atRiskDays` whole
 * days after its due date (UTC dates), and returns to active those it marked once nothing is overdue
 * (a program manager's manual flag stays until they clear it). Idempotent: each change is a
 * compare-and-set, so a run that overlaps another changes nothing twice; `exclusive` (the database's
 * advisory lock) keeps servers from doing the same work at once.
 */
export function createAtRiskJob({ ctx, atRiskDays, log, exclusive = (run) => run() }: {
  ctx: PartnershipsContext;
  atRiskDays: number;
  log?: FastifyBaseLogger;
  exclusive?: <T>(run: () => Promise<T>) => Promise<T | null>;
}) {
  async function apply(id: string, to: 'at_risk' | 'active', result: AtRiskRunResult) {
    const notifications: NotificationRow[] = await ctx.db.transaction(async (tx) => {
      const found = await ctx.repo.findWithParties(id, tx, true);
      // Changed since the list was read (someone else acted): leave it.
      if (!found || found.partnership.status !== (to === 'at_risk' ? 'active' : 'at_risk')) return [];
      if (to === 'active' && found.partnership.atRiskSource !== 'auto') return [];
      const note = to === 'at_risk' ? `A milestone is more than ${atRiskDays} days overdue.` : 'No milestone is overdue any more.';
      const rows = await ctx.changeStatus(found, to, { action: to === 'at_risk' ? 'at_risk' : 'clear_at_risk', note, atRiskSource: to === 'at_risk' ? 'auto' : null, actor: JOB_ACTOR, organisationId: null }, tx);
      if (to === 'at_risk') result.marked += 1;
      else result.cleared += 1;
      return rows;
    });
    ctx.publish(notifications);
  }

  async function run(): Promise<AtRiskRunResult> {
    const result: AtRiskRunResult = { marked: 0, cleared: 0 };
    const { toMark, toClear } = await ctx.repo.listAtRiskChanges(atRiskCutoff(ctx.now(), atRiskDays), PER_RUN);
    for (const id of toMark) await apply(id, 'at_risk', result);
    for (const id of toClear) await apply(id, 'active', result);
    if (result.marked || result.cleared) log?.info(result, 'partnerships at risk updated');
    return result;
  }

  return {
    /** One run under the lock; null when another process holds it. */
    runOnce: () => exclusive(run),
  };
}
export type AtRiskJob = ReturnType<typeof createAtRiskJob>;
