import type { Db } from '../../db/database.ts';
import { requireSignedIn, isMemberOf, type AuthContext } from '../auth/auth-context.ts';
import { tallyVotes, type CallFeedback, type CallResults, type ProposalResult, type Tally } from '../../../shared/schemas/calls.ts';
import { proposalNotFound } from '../proposals/proposals.errors.ts';
import { createProposalsRepo } from '../proposals/proposals.repo.ts';
import { createCallsRepo } from './calls.repo.ts';
import type { CallRow } from './calls.table.ts';
import { createExpertsRepo } from './experts.repo.ts';
import { createCouncilRepo } from './council.repo.ts';
import type { CallOutcomeRow } from './council.table.ts';
import type { ExpertAssignmentRow } from './experts.table.ts';
import { anonymousLabel, isActive, labelsOf, scoringComplete } from './experts.service.ts';
import { createModerationRepo } from './moderation.repo.ts';
import { toModerationRound } from './moderation.view.ts';
import { isManagerOf } from './calls.access.ts';
import { effectiveStatus } from './calls.service.ts';
import { aggregate, compare, fraction, toDisplay, toText, type Fraction } from './scoring.math.ts';
import { callNotFound, notInCall } from './calls.errors.ts';
import { committedOfCall } from './calls.funding.ts';
import { CSV_BOM, csvCell } from '../../csv.ts';

export interface ResultsDeps {
  db: Db;
  now?: () => Date;
}

const toOutcome = (row: CallOutcomeRow) => ({
  funded: row.funded,
  amountKzt: row.amountKzt,
  rationale: row.rationale,
  decidedAt: row.decidedAt.toISOString(),
  partnershipId: row.partnershipId,
});

/**
 * One proposal's scoring from its assignments: complete or not, the aggregate (only when complete) and
 * whether its experts diverge beyond the call's threshold.
 */
export function scoreProposal(call: Pick<CallRow, 'criteria' | 'expertsPerProposal' | 'divergenceThreshold'>, own: ExpertAssignmentRow[]) {
  const complete = scoringComplete(own, call.expertsPerProposal);
  const sheets = own.filter((assignment) => assignment.status === 'scored').map((assignment) => assignment.scores ?? []);
  const result = complete ? aggregate(call.criteria, sheets) : null;
  return {
    complete,
    sheets,
    result,
    divergence: result ? toDisplay(result.divergence) : null,
    flaggedForModeration: result ? compare(result.divergence, fraction(BigInt(call.divergenceThreshold))) > 0 : false,
  };
}

export function createResultsService({ db, now = () => new Date() }: ResultsDeps) {
  const callsRepo = createCallsRepo({ db });
  const expertsRepo = createExpertsRepo({ db });
  const councilRepo = createCouncilRepo({ db });
  const proposalsRepo = createProposalsRepo({ db });
  const moderationRepo = createModerationRepo({ db });

  /**
   * The ranked list: each proposal's weighted mean (exact), divergence and moderation flag, the
   * council's tally and the recorded outcome. Scores of a proposal stay hidden until complete.
   */
  async function computeResults(call: CallRow, options: { moderation?: boolean } = {}): Promise<CallResults> {
    const [proposals, members, votes, outcomes, rounds, committedKzt] = await Promise.all([
      callsRepo.listProposals(call.id),
      councilRepo.listMembers(call.id),
      councilRepo.listVotes(call.id),
      councilRepo.listOutcomes(call.id),
      // Only the results views show the moderation rounds; other callers leave them unread (moderation: null).
      options.moderation ? moderationRepo.listRoundsOfCall(call.id) : Promise.resolve([]),
      committedOfCall(call.id, db),
    ]);
    const assignments = await expertsRepo.listAssignmentsOfProposals(proposals.map((proposal) => proposal.id));
    const passLimit = fraction(BigInt(call.passThreshold));
    const rows = proposals.map((proposal) => {
      const own = assignments.filter((assignment) => assignment.proposalId === proposal.id);
      const { complete, sheets, result, divergence, flaggedForModeration } = scoreProposal(call, own);
      const proposalVotes = votes.filter((vote) => vote.proposalId === proposal.id);
      const outcome = outcomes.find((row) => row.proposalId === proposal.id);
      // Newest first: the first round found is the latest.
      const round = rounds.find((row) => row.round.proposalId === proposal.id);
      const item: ProposalResult = {
        rank: null,
        proposal: { id: proposal.id, title: proposal.title, institute: { id: proposal.organisationId, name: proposal.instituteName }, totalBudgetKzt: proposal.totalBudgetKzt },
        experts: { assigned: own.filter(isActive).length, scored: sheets.length, conflicts: own.length - own.filter(isActive).length },
        complete,
        score: result ? toDisplay(result.mean) : null,
        scoreExact: result ? toText(result.mean) : null,
        perCriterion: result ? result.perCriterion.map((line) => ({ criterion: line.criterion, mean: toDisplay(line.mean) })) : null,
        divergence,
        flaggedForModeration,
        moderation: round ? toModerationRound(round, call.criteria, labelsOf(own)) : null,
        passesThreshold: result ? compare(result.mean, passLimit) >= 0 : null,
        tally: members.length ? tallyVotes(members.length, proposalVotes) : null,
        outcome: outcome ? toOutcome(outcome) : null,
      };
      return { item, mean: result?.mean ?? null };
    });
    // Best first; equal means share a rank; incomplete ones come last, unranked.
    rows.sort((a, b) => (a.mean && b.mean ? compare(b.mean, a.mean) : a.mean ? -1 : b.mean ? 1 : 0));
    let previous: Fraction | null = null;
    rows.forEach((row, index) => {
      if (!row.mean) return;
      row.item.rank = previous && compare(previous, row.mean) === 0 ? rows[index - 1].item.rank : index + 1;
      previous = row.mean;
    });
    const envelope = { budgetKzt: call.budgetEnvelopeKzt, committedKzt, remainingKzt: Math.max(0, call.budgetEnvelopeKzt - committedKzt) };
    return { callId: call.id, status: effectiveStatus(call, now()), passThreshold: call.passThreshold, envelope, items: rows.map((row) => row.item) };
  }

  /**
   * A council member tied to a proposer or a task's enterprise learns nothing of the moderation round on
   * that proposal (the office and admins see every round).
   */
  async function withoutConflictedModeration(auth: AuthContext, call: CallRow, results: CallResults): Promise<CallResults> {
    const own = auth.organisation?.id;
    if (auth.isAdmin || isManagerOf(auth, call) || !own) return results;
    const tied = new Set((await callsRepo.listProposals(call.id)).filter((proposal) => proposal.organisationId === own || proposal.enterpriseId === own).map((proposal) => proposal.id));
    return { ...results, items: results.items.map((item) => (tied.has(item.proposal.id) ? { ...item, moderation: null } : item)) };
  }

  /** Its program office, admins, and (from the council stage) its council members. */
  async function loadForResults(auth: AuthContext, callId: string) {
    requireSignedIn(auth);
    const found = await callsRepo.findById(callId);
    if (!found) throw callNotFound();
    const { call } = found;
    if (auth.isAdmin || isManagerOf(auth, call)) return call;
    if (auth.user && ['council', 'decided'].includes(call.status) && (await councilRepo.isMember(call.id, auth.user.id))) return call;
    throw callNotFound();
  }

  return {
    computeResults,
    loadForResults,

    async getResults(auth: AuthContext, callId: string): Promise<CallResults> {
      const call = await loadForResults(auth, callId);
      return withoutConflictedModeration(auth, call, await computeResults(call, { moderation: true }));
    },

    async exportCsv(auth: AuthContext, callId: string): Promise<string> {
      const call = await loadForResults(auth, callId);
      const results = await withoutConflictedModeration(auth, call, await computeResults(call, { moderation: true }));
      const header = ['rank', 'proposal_id', 'title', 'institute', 'total_budget_kzt', 'experts_scored', 'score', 'score_exact', ...call.criteria.map((criterion) => `mean_${criterion.key}`), 'divergence', 'moderation', 'moderation_round', 'divergence_before_moderation', 'passes_threshold', 'votes_for', 'votes_against', 'votes_abstain', 'votes_conflict', 'quorum', 'decision', 'funded', 'amount_kzt'];
      const lines = results.items.map((item) => [
        item.rank, item.proposal.id, item.proposal.title, item.proposal.institute.name, item.proposal.totalBudgetKzt, item.experts.scored, item.score, item.scoreExact,
        ...call.criteria.map((criterion) => item.perCriterion?.find((line) => line.criterion === criterion.key)?.mean ?? null),
        item.divergence, item.flaggedForModeration, item.moderation?.status, item.moderation?.divergenceBefore, item.passesThreshold, item.tally?.for, item.tally?.against, item.tally?.abstain, item.tally?.conflict, item.tally?.quorum,
        item.tally?.decision, item.outcome?.funded, item.outcome?.amountKzt,
      ].map(csvCell).join(','));
      return CSV_BOM + [header.join(','), ...lines].join('\r\n') + '\r\n';
    },

    /** The proposer's view once the outcome is recorded: outcome, score, tally and every comment, anonymised. */
    async getFeedback(auth: AuthContext, proposalId: string): Promise<CallFeedback> {
      requireSignedIn(auth);
      const call = await callsRepo.findCallOfProposal(proposalId);
      if (!call) {
        // The proposer asking about a proposal made outside any call learns just that; a stranger learns nothing.
        const found = await proposalsRepo.findById(proposalId);
        if (found && (auth.isAdmin || isMemberOf(auth, found.proposal.organisationId))) throw notInCall();
        throw proposalNotFound();
      }
      const proposal = (await callsRepo.listProposals(call.id)).find((row) => row.id === proposalId);
      if (!proposal || !(auth.isAdmin || isMemberOf(auth, proposal.organisationId))) throw proposalNotFound();
      const outcome = await councilRepo.findOutcome(proposalId);
      if (!outcome) return { call: { id: call.id, title: call.title }, outcome: null, score: null, tally: null, reviews: [] };
      const results = await computeResults(call);
      const item = results.items.find((row) => row.proposal.id === proposalId)!;
      const scored = (await expertsRepo.listAssignmentsOfProposals([proposalId])).filter((assignment) => assignment.status === 'scored');
      return {
        call: { id: call.id, title: call.title },
        outcome: toOutcome(outcome),
        score: item.score,
        tally: item.tally as Tally | null,
        reviews: scored.map((assignment, index) => ({ expert: anonymousLabel(index), scores: assignment.scores ?? [] })),
      };
    },
  };
}
export type ResultsService = ReturnType<typeof createResultsService>;
