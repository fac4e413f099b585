import type { Db, Tx } from '../../db/database.ts';
import { invalidInput } from '../../errors.ts';
import { auditActorOf, requirePerson, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { createNotificationsRepo, type NotificationRow } from '../alerts/notifications.repo.ts';
import type { NotificationsHub } from '../alerts/notifications.hub.ts';
import { createPartnershipFromAgreement } from '../partnerships/partnerships.agreement.ts';
import { initialTermsOf } from '../../../shared/schemas/terms.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import { tallyVotes, type CastVoteBody, type Council, type RecordOutcomeBody, type SetCouncilBody } from '../../../shared/schemas/calls.ts';
import { committedOfCall } from './calls.funding.ts';
import { createCallsRepo } from './calls.repo.ts';
import type { CallRow } from './calls.table.ts';
import { createCouncilRepo } from './council.repo.ts';
import { createResultsService } from './results.service.ts';
import { requireCallManager, requireProposalOfCall } from './calls.access.ts';
import { effectiveStatus } from './calls.service.ts';
import {
  amountInvalid, budgetExceeded, callNotFound, councilConflict, councilMissing, invalidCallTransition, noDecision, notCouncilMember, outcomeRecorded,
  scoringIncomplete, userNotFound,
} from './calls.errors.ts';

export interface CouncilDeps {
  db: Db;
  hub?: NotificationsHub;
  now?: () => Date;
}

export function createCouncilService({ db, hub, now = () => new Date() }: CouncilDeps) {
  const repo = createCouncilRepo({ db });
  const callsRepo = createCallsRepo({ db });
  const usersRepo = createUsersRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const notificationsRepo = createNotificationsRepo({ db });
  const results = createResultsService({ db, now });

  async function loadManaged(auth: AuthContext, callId: string) {
    const found = await callsRepo.findById(callId);
    requireCallManager(auth, found?.call ?? null);
    return found!;
  }

  /** Members tied to a party of the proposal: the proposing institute or the task's enterprise. */
  async function conflictedMembers(callId: string, proposal: { organisationId: string; enterpriseId: string }, tx: Db | Tx = db) {
    const members = await repo.listMembers(callId, tx);
    const tied = await repo.listMemberIdsOf([proposal.organisationId, proposal.enterpriseId], tx);
    return members.filter((member) => tied.some((row) => row.userId === member.userId));
  }

  return {
    /** Scoring → council needs every proposal fully scored and a council with a chair. */
    async checkStage(call: CallRow, to: 'scoring' | 'council') {
      if (to !== 'council') return;
      const computed = await results.computeResults(call);
      const missing = computed.items.filter((item) => !item.complete).length;
      if (missing) throw scoringIncomplete(missing);
      if ((await repo.listMembers(call.id)).length === 0) throw councilMissing();
    },

    /** Entering the council: members with a conflict are recorded as abstaining on those proposals. */
    async recordConflictAbstentions(call: CallRow, tx: Tx) {
      const at = now();
      for (const proposal of await callsRepo.listProposals(call.id, tx)) {
        for (const member of await conflictedMembers(call.id, proposal, tx)) {
          await repo.upsertVote({ callId: call.id, proposalId: proposal.id, userId: member.userId, vote: 'conflict', at }, tx);
          await auditRepo.record({ actor: { userId: null, tokenId: null, label: 'council' }, organisationId: call.programOfficeId, action: 'council.vote', entityType: 'proposal', entityId: proposal.id, changes: { callId: call.id, userId: member.userId, vote: 'conflict' } }, tx);
        }
      }
    },

    async setCouncil(auth: AuthContext, callId: string, body: SetCouncilBody): Promise<Council> {
      const { call } = await loadManaged(auth, callId);
      const status = effectiveStatus(call, now());
      if (status === 'council' || status === 'decided') throw invalidCallTransition(status, 'council change', 'the council is already sitting');
      const emails = body.memberEmails.map((email) => email.toLowerCase());
      const chair = body.chairEmail.toLowerCase();
      if (!emails.includes(chair)) throw invalidInput('The chair must be one of the members.', [{ path: '/chairEmail', message: 'is not among the members' }]);
      const members: { userId: string; chair: boolean }[] = [];
      for (const email of emails) {
        const user = await usersRepo.findByEmail(email);
        if (!user) throw userNotFound(email);
        members.push({ userId: user.id, chair: email === chair });
      }
      await db.transaction(async (tx) => {
        // The council may have started since the read: starting it locks the call row too.
        const locked = await callsRepo.lock(call.id, tx);
        const lockedStatus = locked ? effectiveStatus(locked, now()) : status;
        if (lockedStatus === 'council' || lockedStatus === 'decided') throw invalidCallTransition(lockedStatus, 'council change', 'the council is already sitting');
        await repo.replaceMembers(call.id, members, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: 'council.set', entityType: 'call', entityId: call.id, changes: { members } }, tx);
      });
      return this.getCouncil(auth, callId);
    },

    /** Open by name: the office, admins and the members themselves see every vote. */
    async getCouncil(auth: AuthContext, callId: string): Promise<Council> {
      const call = await results.loadForResults(auth, callId).catch(async (error) => {
        // Members are named before the council sits: they may look at their council early.
        const found = await callsRepo.findById(callId);
        if (found && auth.user && (await repo.isMember(callId, auth.user.id))) return found.call;
        throw error;
      });
      const [members, votes, computed] = await Promise.all([repo.listMembers(call.id), repo.listVotes(call.id), results.computeResults(call)]);
      return {
        callId: call.id,
        status: effectiveStatus(call, now()),
        members,
        me: auth.user && members.some((member) => member.userId === auth.user!.id) ? auth.user.id : null,
        ballots: computed.items.map((item) => ({
          proposalId: item.proposal.id,
          title: item.proposal.title,
          score: item.score,
          votes: votes.filter((vote) => vote.proposalId === item.proposal.id).map((vote) => ({ userId: vote.userId, fullName: vote.fullName, vote: vote.vote, at: vote.at.toISOString() })),
          tally: tallyVotes(members.length, votes.filter((vote) => vote.proposalId === item.proposal.id)),
        })),
      };
    },

    async castVote(auth: AuthContext, callId: string, body: CastVoteBody): Promise<Council> {
      const user = requirePerson(auth);
      const found = await callsRepo.findById(callId);
      if (!found) throw callNotFound();
      const { call } = found;
      if (!(await repo.isMember(call.id, user.id))) throw notCouncilMember();
      if (call.status !== 'council') throw invalidCallTransition(effectiveStatus(call, now()), 'voting', 'the council is not sitting');
      const proposal = await requireProposalOfCall(callsRepo, call.id, body.proposalId);
      if ((await conflictedMembers(call.id, proposal)).some((member) => member.userId === user.id)) throw councilConflict();
      if (await repo.findOutcome(proposal.id)) throw outcomeRecorded();
      await db.transaction(async (tx) => {
        // Again under the call's lock, which recording an outcome holds: no vote lands after its decision.
        const locked = await callsRepo.lock(call.id, tx);
        if (locked?.status !== 'council') throw invalidCallTransition(locked ? effectiveStatus(locked, now()) : 'decided', 'voting', 'the council is not sitting');
        if (await repo.findOutcome(proposal.id, tx)) throw outcomeRecorded();
        await repo.upsertVote({ callId: call.id, proposalId: proposal.id, userId: user.id, vote: body.vote, at: now() }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: 'council.vote', entityType: 'proposal', entityId: proposal.id, changes: { callId: call.id, userId: user.id, vote: body.vote } }, tx);
      });
      return this.getCouncil(auth, callId);
    },

    /**
     * Records what the council decided for one proposal (the tally decides funded or not; the office
     * adds amount and rationale), moves the proposal, tells the proposer, and closes the call when
     * every proposal has its outcome. One transaction, the call row locked so the envelope holds.
     */
    async recordOutcome(auth: AuthContext, callId: string, body: RecordOutcomeBody) {
      await loadManaged(auth, callId);
      const at = now();
      const notifications: NotificationRow[] = await db.transaction(async (tx) => {
        const call = (await callsRepo.lock(callId, tx))!;
        if (call.status !== 'council') throw invalidCallTransition(effectiveStatus(call, at), 'decision', 'outcomes are recorded while the council sits');
        const proposals = await callsRepo.listProposals(call.id, tx);
        const proposal = proposals.find((row) => row.id === body.proposalId);
        if (!proposal) throw invalidInput('The proposal does not take part in this call.', [{ path: '/proposalId', message: 'is not a proposal of this call' }]);
        if (await repo.findOutcome(proposal.id, tx)) throw outcomeRecorded();
        const members = await repo.listMembers(call.id, tx);
        const tally = tallyVotes(members.length, (await repo.listVotes(call.id, tx)).filter((vote) => vote.proposalId === proposal.id));
        if (tally.decision === null) throw noDecision();
        const funded = tally.decision === 'funded';
        let amountKzt: number | null = null;
        let partnershipId: string | null = null;
        if (funded) {
          const total = proposal.totalBudgetKzt ?? 0;
          amountKzt = body.amountKzt ?? total;
          if (amountKzt > total) throw amountInvalid(`The amount cannot exceed the proposal's total of ${total} ₸.`);
          if (call.fundingMode === 'standard_terms' && amountKzt !== total) throw amountInvalid(`Under standard terms the proposal is funded as proposed: ${total} ₸. Use a negotiation call to change the amount.`);
          const committed = await committedOfCall(call.id, tx);
          if (committed + amountKzt > call.budgetEnvelopeKzt) throw budgetExceeded(call.budgetEnvelopeKzt, committed, amountKzt);
          if (call.fundingMode === 'standard_terms') {
            const terms = initialTermsOf(proposal, at.toISOString().slice(0, 10));
            const partnership = await createPartnershipFromAgreement({ db }, tx, { proposalId: proposal.id, terms, termsVersion: 1, callId: call.id, agreedAt: at, actor: auditActorOf(auth) });
            partnershipId = partnership.id;
            await repo.setProposalStatus(proposal.id, { status: 'agreed', at }, tx);
          } else {
            // Negotiation is the negotiation module's: the proposal is shortlisted for it to start one.
            await repo.setProposalStatus(proposal.id, { status: 'shortlisted', at }, tx);
          }
        } else {
          await repo.setProposalStatus(proposal.id, { status: 'declined', at, declineReasonCode: 'other', declineNote: body.rationale.trim() }, tx);
        }
        await repo.insertOutcome({ proposalId: proposal.id, callId: call.id, funded, amountKzt, rationale: body.rationale.trim(), partnershipId, decidedByUserId: auth.user?.id ?? null, decidedAt: at }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: 'call.outcome', entityType: 'proposal', entityId: proposal.id, changes: { callId: call.id, funded, amountKzt, rationale: body.rationale.trim(), tally, partnershipId } }, tx);
        // Every proposal still in the call has its outcome (a funded one withdrawn since no longer counts).
        const decided = new Set((await repo.listOutcomes(call.id, tx)).map((row) => row.proposalId));
        if (proposals.every((row) => decided.has(row.id))) {
          await callsRepo.setStatus(call.id, 'council', 'decided', at, tx);
          await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: 'call.decided', entityType: 'call', entityId: call.id, changes: { proposals: proposals.length } }, tx);
        }
        const payload: TaskMatchPayload = {
          taskId: proposal.taskId,
          title: call.title,
          organisationName: (await callsRepo.findById(call.id, tx))!.officeName,
          reason: { kind: 'call', callId: call.id, proposalId: proposal.id, proposalTitle: proposal.title, outcome: funded ? (call.fundingMode === 'standard_terms' ? 'funded' : 'negotiation') : 'not_funded', amountKzt },
          link: `/proposals/${proposal.id}`,
        };
        const recipients = await repo.listMemberIdsOf([proposal.organisationId], tx);
        return notificationsRepo.insertNew(recipients.map(({ userId }) => ({ userId, kind: 'call_outcome' as const, subjectId: proposal.id, payload })), tx);
      });
      hub?.publishStored(notifications);
      return (await results.computeResults((await callsRepo.findById(callId))!.call, { moderation: true })).items.find((item) => item.proposal.id === body.proposalId)!;
    },
  };
}
export type CouncilService = ReturnType<typeof createCouncilService>;
