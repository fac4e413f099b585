import type { AtRiskBody, CompleteBody, PartnershipDetail, PartnershipListQuery, PartnershipPage, TerminateBody } from '../../../shared/schemas/partnerships.ts';
import { requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { forbidden } from '../../errors.ts';
import type { NotificationRow } from '../alerts/notifications.repo.ts';
import { createPartnershipsContext, type PartnershipsDeps } from './partnerships.context.ts';
import { buildDetail, summaryOf } from './partnerships.view.ts';
import { invalidPartnershipTransition, notAllMilestonesAccepted } from './partnerships.errors.ts';

/**
 * Reading partnerships and moving them through their lifecycle:
 * active ⇄ at_risk (the overdue job, or a program manager with a note), then completed or terminated,
 * which are final. Termination (with a reason) is for either party's owners or the program office;
 * completion is automatic when the last tranche is paid, or the program office's explicit act once
 * every milestone is accepted (when a source will not pay the rest).
 */
export function createPartnershipsService(deps: PartnershipsDeps) {
  const ctx = createPartnershipsContext(deps);
  const { db, repo } = ctx;

  async function detail(auth: AuthContext, id: string): Promise<PartnershipDetail> {
    const { found, role } = await ctx.load(auth, id);
    return buildDetail(ctx, auth, found, role);
  }

  return {
    context: ctx,

    /** Parties see their own; the program office and admins see all. */
    async listPartnerships(auth: AuthContext, query: PartnershipListQuery): Promise<PartnershipPage> {
      requireSignedIn(auth);
      const seesAll = auth.isAdmin || auth.organisation?.kind === 'program_office';
      if (!seesAll && !auth.organisation) throw forbidden('Partnerships are shown to their parties and to program offices.');
      const page = await repo.list({ organisationId: seesAll ? null : auth.organisation!.id }, query);
      return { ...page, items: page.items.map(summaryOf) };
    },

    getPartnership: detail,

    async terminate(auth: AuthContext, id: string, body: TerminateBody): Promise<PartnershipDetail> {
      const notifications = await db.transaction(async (tx) => {
        const { found } = await ctx.loadForChange(auth, id, ['enterprise', 'institute', 'program_office'], "Only the parties' owners or the program office can terminate a partnership.", tx, ['enterprise', 'institute']);
        return ctx.changeStatus(found, 'terminated', { action: 'terminate', note: body.reason.trim(), actor: ctx.actorOf(auth), organisationId: auth.organisation?.id ?? null }, tx);
      });
      ctx.publish(notifications);
      return detail(auth, id);
    },

    /** A program manager's judgement; a manual flag is not cleared by the overdue job. */
    async setAtRisk(auth: AuthContext, id: string, body: AtRiskBody): Promise<PartnershipDetail> {
      const notifications = await db.transaction(async (tx) => {
        const { found } = await ctx.loadForChange(auth, id, ['program_office'], 'Only the program office can mark a partnership at risk or clear it.', tx);
        const from = found.partnership.status;
        const to = body.atRisk ? 'at_risk' : 'active';
        if (from === to) throw invalidPartnershipTransition(from, body.atRisk ? 'marked at risk' : 'cleared');
        return ctx.changeStatus(found, to, {
          action: body.atRisk ? 'at_risk' : 'clear_at_risk', note: body.note.trim(), atRiskSource: body.atRisk ? 'manual' : null,
          actor: ctx.actorOf(auth), organisationId: auth.organisation?.id ?? null,
        }, tx);
      });
      ctx.publish(notifications);
      return detail(auth, id);
    },

    async complete(auth: AuthContext, id: string, body: CompleteBody): Promise<PartnershipDetail> {
      const notifications = await db.transaction(async (tx) => {
        const { found } = await ctx.loadForChange(auth, id, ['program_office'], 'Only the program office can close a partnership as completed.', tx);
        const milestones = await repo.milestonesOf(id, tx);
        if (milestones.some((milestone) => milestone.status !== 'accepted')) throw notAllMilestonesAccepted();
        return ctx.changeStatus(found, 'completed', { action: 'complete', note: body.note?.trim() || null, actor: ctx.actorOf(auth), organisationId: auth.organisation?.id ?? null }, tx);
      });
      ctx.publish(notifications);
      return detail(auth, id);
    },
  };
}
export type PartnershipsService = ReturnType<typeof createPartnershipsService>;
export type { NotificationRow };
