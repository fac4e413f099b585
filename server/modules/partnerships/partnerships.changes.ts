import { diffTerms, keepingDisclosure, publicDisclosureOf, termsIssues } from '../../../shared/schemas/terms.ts';
import type { DecideChangeBody, PartnershipDetail, ProposeChangeBody } from '../../../shared/schemas/partnerships.ts';
import type { AuthContext } from '../auth/auth-context.ts';
import { forbidden } from '../../errors.ts';
import type { DbOrTx } from '../../db/database.ts';
import { createChangesRepo } from './partnerships.changes.repo.ts';
import { createLedgerRepo } from './partnerships.ledger.repo.ts';
import { aboveFundedAmount, fundingOfProposal } from '../calls/calls.funding.ts';
import { completeIfDone } from './partnerships.money.ts';
import { ledgerIssues } from './partnerships.changes.rules.ts';
import { sideOf, type Loaded, type PartnershipsContext } from './partnerships.context.ts';
import { buildDetail } from './partnerships.view.ts';
import { changeBreaksLedger, changeNoDifference, changeNotPending, changePending, changeRequestNotFound, changeStale, invalidTerms } from './partnerships.errors.ts';

const PARTIES_ONLY = 'Only the parties to the partnership propose and answer changes to its terms.';

/**
 * Changes to the terms after agreement (budget, dates, milestones, split) follow negotiation's rule:
 * one side proposes, the other accepts or rejects. Accepting writes the next terms version and
 * re-plans the ledger in the same transaction, never below what was already paid.
 */
export function createChangesService(ctx: PartnershipsContext) {
  const changes = createChangesRepo({ db: ctx.db });
  const ledger = createLedgerRepo({ db: ctx.db });

  async function checkAgainstLedger(partnership: Loaded['partnership'], terms: ProposeChangeBody['terms'], tx: DbOrTx) {
    const partnershipId = partnership.id;
    const issues = termsIssues(terms);
    if (issues.length) throw invalidTerms(issues);
    // A partnership a call funded stays within what its council funded, through every change.
    const funding = partnership.callId ? await fundingOfProposal(partnership.proposalId, tx) : null;
    if (funding && terms.totalBudgetKzt > funding.amountKzt) throw aboveFundedAmount(terms.totalBudgetKzt, funding);
    const milestones = await ctx.repo.milestonesOf(partnershipId, tx);
    const positionOf = new Map(milestones.map((milestone) => [milestone.id, milestone.position]));
    const balances = await ledger.trancheBalances(partnershipId, tx);
    const problems = ledgerIssues(
      milestones.map((milestone) => ({ position: milestone.position, status: milestone.status, amountKzt: milestone.amountKzt, dueDate: milestone.dueDate })),
      balances.map((balance) => ({ position: positionOf.get(balance.milestoneId)!, source: balance.source, disbursedKzt: balance.disbursedKzt, entries: balance.entries })),
      terms,
    );
    if (problems.length) throw changeBreaksLedger(problems);
    return balances;
  }

  async function detail(auth: AuthContext, id: string): Promise<PartnershipDetail> {
    const { found, role } = await ctx.load(auth, id);
    return buildDetail(ctx, auth, found, role);
  }

  async function decide(auth: AuthContext, id: string, requestId: string, decision: 'accepted' | 'rejected' | 'withdrawn', note: string | null) {
    const notifications = await ctx.db.transaction(async (tx) => {
      const { found } = await ctx.loadForChange(auth, id, ['enterprise', 'institute'], PARTIES_ONLY, tx);
      const side = sideOf(found, auth.organisation?.id)!;
      const request = await changes.find(id, requestId, tx);
      if (!request) throw changeRequestNotFound();
      if (request.status !== 'pending') throw changeNotPending(request.status);
      const own = request.proposedBySide === side;
      if (decision === 'withdrawn' && !own) throw forbidden('Only the side that proposed a change can withdraw it.');
      if (decision !== 'withdrawn' && own) throw forbidden('The other side answers a change request: you cannot accept or reject your own.');
      const at = ctx.now();
      const { partnership } = found;
      if (decision === 'accepted') {
        if (request.baseVersion !== partnership.termsVersion) throw changeStale(request.baseVersion, partnership.termsVersion);
        const balances = await checkAgainstLedger(partnership, request.terms, tx);
        await changes.applyTerms(id, request.terms, partnership.termsVersion + 1, request.id, new Map(balances.map((balance) => [balance.trancheId, balance.entries])), at, tx);
      }
      const row = await changes.decide(request.id, { status: decision, note, userId: auth.user?.id ?? null, at }, tx);
      if (!row) throw changeNotPending(request.status);
      await ctx.audit(ctx.actorOf(auth), auth.organisation?.id ?? null, id, `partnership.change.${decision === 'accepted' ? 'accept' : decision === 'rejected' ? 'reject' : 'withdraw'}`, {
        requestId: request.id, note,
        ...(decision === 'accepted' ? { before: { termsVersion: partnership.termsVersion, totalBudgetKzt: partnership.totalBudgetKzt, isPublic: partnership.isPublic }, after: { termsVersion: partnership.termsVersion + 1, totalBudgetKzt: request.terms.totalBudgetKzt, isPublic: publicDisclosureOf(request.terms) }, changes: diffTerms(partnership.terms, request.terms) } : {}),
      }, tx);
      if (decision === 'withdrawn') return [];
      const told = await ctx.notifyParties(found, decision === 'accepted' ? 'change_accepted' : 'change_rejected', note, tx, auth.organisation?.id);
      // New terms that drop the last open milestone, or plan exactly what was paid, finish the partnership.
      return decision === 'accepted' ? [...told, ...(await completeIfDone(ctx, found, ctx.actorOf(auth), auth.organisation?.id ?? null, tx))] : told;
    });
    ctx.publish(notifications);
    return detail(auth, id);
  }

  return {
    async propose(auth: AuthContext, id: string, body: ProposeChangeBody): Promise<PartnershipDetail> {
      const notifications = await ctx.db.transaction(async (tx) => {
        const { found } = await ctx.loadForChange(auth, id, ['enterprise', 'institute'], PARTIES_ONLY, tx);
        const { partnership } = found;
        if (await changes.findPending(id, tx)) throw changePending();
        const terms = keepingDisclosure(body.terms, partnership.terms);
        if (!diffTerms(partnership.terms, terms).length) throw changeNoDifference();
        await checkAgainstLedger(partnership, terms, tx);
        const row = await changes.insert({ partnershipId: id, baseVersion: partnership.termsVersion, terms, reason: body.reason.trim(), side: sideOf(found, auth.organisation?.id)!, userId: auth.user?.id ?? null }, tx);
        await ctx.audit(ctx.actorOf(auth), auth.organisation?.id ?? null, id, 'partnership.change.propose', {
          requestId: row.id, baseVersion: row.baseVersion, reason: row.reason, changes: diffTerms(partnership.terms, terms),
        }, tx);
        return ctx.notifyParties(found, 'change_proposed', row.reason, tx, auth.organisation?.id);
      });
      ctx.publish(notifications);
      return detail(auth, id);
    },

    accept: (auth: AuthContext, id: string, requestId: string, body: DecideChangeBody) => decide(auth, id, requestId, 'accepted', body.note?.trim() || null),
    reject: (auth: AuthContext, id: string, requestId: string, body: DecideChangeBody) => decide(auth, id, requestId, 'rejected', body.note?.trim() || null),
    withdraw: (auth: AuthContext, id: string, requestId: string) => decide(auth, id, requestId, 'withdrawn', null),
  };
}
