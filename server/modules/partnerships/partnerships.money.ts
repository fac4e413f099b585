import type { DbOrTx } from '../../db/database.ts';
import type { PartnershipDetail, RecordDisbursementBody, ReverseDisbursementBody } from '../../../shared/schemas/partnerships.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import type { AuditActor } from '../audit/audit.repo.ts';
import { createLedgerRepo } from './partnerships.ledger.repo.ts';
import type { Loaded, PartnershipsContext } from './partnerships.context.ts';
import { buildDetail, RECORDERS } from './partnerships.view.ts';
import { aboveTranchePlan, alreadyReversed, disbursementNotFound, milestoneNotAccepted, sourceNotYours, trancheNotFound } from './partnerships.errors.ts';

const WHO_RECORDS = 'Money is recorded by the enterprise (its own), the program office (state programme and fund) and the institute (in-kind).';

/**
 * Completes the partnership when every milestone is accepted and every tranche paid to the tenge.
 * Called in the transaction of the last payment (or acceptance).
 */
export async function completeIfDone(ctx: PartnershipsContext, found: Loaded, actor: AuditActor, organisationId: string | null, tx: DbOrTx) {
  const milestones = await ctx.repo.milestonesOf(found.partnership.id, tx);
  if (milestones.some((milestone) => milestone.status !== 'accepted')) return [];
  const balances = await createLedgerRepo({ db: ctx.db }).trancheBalances(found.partnership.id, tx);
  if (balances.some((balance) => balance.disbursedKzt !== balance.plannedKzt)) return [];
  return ctx.changeStatus(found, 'completed', { action: 'complete', note: null, actor, organisationId }, tx);
}

/**
 * The append-only ledger of a partnership: payments against accepted milestones' tranches, never
 * above plan, each source recorded by whoever pays it; a mistake is cancelled by a reversing entry.
 */
export function createMoneyService(ctx: PartnershipsContext) {
  const ledger = createLedgerRepo({ db: ctx.db });

  return {
    async record(auth: AuthContext, id: string, body: RecordDisbursementBody): Promise<PartnershipDetail> {
      const notifications = await ctx.db.transaction(async (tx) => {
        const { found, role } = await ctx.loadForChange(auth, id, ['enterprise', 'institute', 'program_office'], WHO_RECORDS, tx);
        const locked = await ledger.lockTranche(id, body.trancheId, tx);
        if (!locked) throw trancheNotFound();
        const { tranche } = locked;
        if (!RECORDERS[role].includes(tranche.source)) throw sourceNotYours(tranche.source);
        if (locked.milestoneStatus !== 'accepted') throw milestoneNotAccepted();
        const disbursed = await ledger.disbursedOnTranche(tranche.id, tx);
        if (disbursed + body.amountKzt > tranche.plannedAmountKzt) throw aboveTranchePlan(tranche.plannedAmountKzt, disbursed, body.amountKzt);
        const row = await ledger.insertDisbursement({
          partnershipId: id, trancheId: tranche.id, source: tranche.source, amountKzt: body.amountKzt, disbursedOn: body.disbursedOn,
          note: body.note?.trim() || null, recordedByUserId: auth.user?.id ?? null,
        }, tx);
        const actor = ctx.actorOf(auth);
        await ctx.audit(actor, auth.organisation?.id ?? null, id, 'partnership.disburse', {
          disbursementId: row.id, trancheId: tranche.id, milestone: locked.milestoneTitle, source: tranche.source, amountKzt: row.amountKzt, disbursedOn: row.disbursedOn,
          before: { disbursedKzt: disbursed }, after: { disbursedKzt: disbursed + row.amountKzt },
        }, tx);
        return completeIfDone(ctx, found, actor, auth.organisation?.id ?? null, tx);
      });
      ctx.publish(notifications);
      const { found, role } = await ctx.load(auth, id);
      return buildDetail(ctx, auth, found, role);
    },

    /** A negative entry of the same amount, dated today (the day the correction is made). */
    async reverse(auth: AuthContext, id: string, disbursementId: string, body: ReverseDisbursementBody): Promise<PartnershipDetail> {
      await ctx.db.transaction(async (tx) => {
        const { role } = await ctx.loadForChange(auth, id, ['enterprise', 'institute', 'program_office'], WHO_RECORDS, tx);
        const original = await ledger.findDisbursement(id, disbursementId, tx);
        if (!original) throw disbursementNotFound();
        if (!RECORDERS[role].includes(original.source)) throw sourceNotYours(original.source);
        await ledger.lockTranche(id, original.trancheId, tx);
        if (original.reversesDisbursementId || (await ledger.findReversalOf(original.id, tx))) throw alreadyReversed();
        const disbursed = await ledger.disbursedOnTranche(original.trancheId, tx);
        const row = await ledger.insertDisbursement({
          partnershipId: id, trancheId: original.trancheId, source: original.source, amountKzt: -original.amountKzt, disbursedOn: ctx.now().toISOString().slice(0, 10),
          note: body.note.trim(), recordedByUserId: auth.user?.id ?? null, reversesDisbursementId: original.id,
        }, tx);
        await ctx.audit(ctx.actorOf(auth), auth.organisation?.id ?? null, id, 'partnership.reverse_disbursement', {
          disbursementId: row.id, reverses: original.id, source: original.source, amountKzt: row.amountKzt, note: row.note,
          before: { disbursedKzt: disbursed }, after: { disbursedKzt: disbursed + row.amountKzt },
        }, tx);
      });
      const { found, role } = await ctx.load(auth, id);
      return buildDetail(ctx, auth, found, role);
    },
  };
}
