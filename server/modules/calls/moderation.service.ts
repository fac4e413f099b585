import type { Db, Tx } from '../../db/database.ts';
import { invalidInput } from '../../errors.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { auditActorOf, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import type { Assignment, ModerationAnswerBody, ModerationRound, OpenModerationBody, ScoreLine } from '../../../shared/schemas/calls.ts';
import { createCallsRepo } from './calls.repo.ts';
import type { CallRow } from './calls.table.ts';
import { createExpertsRepo } from './experts.repo.ts';
import { createModerationRepo } from './moderation.repo.ts';
import { isActive, labelsOf, type ExpertsService } from './experts.service.ts';
import { scoreProposal } from './results.service.ts';
import { toModerationRound } from './moderation.view.ts';
import { requireCallManager, requireProposalOfCall } from './calls.access.ts';
import { effectiveStatus } from './calls.service.ts';
import { scoreSheetIssues } from './scoring.math.ts';
import { createNotificationsRepo, type NotificationRow } from '../alerts/notifications.repo.ts';
import type { NotificationsHub } from '../alerts/notifications.hub.ts';
import type { TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import {
  alreadyAnswered, assignmentNotFound, invalidCallTransition, invalidScores, moderationAlreadyOpen, moderationStillOpen, noOpenRound, notFlagged,
} from './calls.errors.ts';

export interface ModerationDeps {
  db: Db;
  now?: () => Date;
  /** The experts' service the answers are read back through (one per app). */
  experts: ExpertsService;
  /** Live notifications: the experts of a round hear of it at once. */
  hub?: NotificationsHub;
}

/**
 * The moderation round of the issue: on a proposal flagged for divergent scores, during scoring, the
 * office asks its experts to look again. Each expert sees the others' scores by label and revises
 * (every line with a comment saying why) or confirms; the round closes with the last answer or when
 * the office closes it. Sheets before and after stay on record; the results use the latest.
 */
export function createModerationService({ db, now = () => new Date(), experts, hub }: ModerationDeps) {
  const repo = createModerationRepo({ db });
  const notificationsRepo = createNotificationsRepo({ db });
  const callsRepo = createCallsRepo({ db });
  const expertsRepo = createExpertsRepo({ db });
  const auditRepo = createAuditRepo({ db });

  async function loadManaged(auth: AuthContext, callId: string, proposalId: string) {
    const found = await callsRepo.findById(callId);
    requireCallManager(auth, found?.call ?? null);
    const call = found!.call;
    const proposal = await requireProposalOfCall(callsRepo, call.id, proposalId);
    return { call, officeName: found!.officeName, proposal };
  }

  async function roundView(call: CallRow, proposalId: string, labels?: Map<string, string>): Promise<ModerationRound> {
    const latest = (await repo.findLatestRound(proposalId))!;
    return toModerationRound(latest, call.criteria, labels ?? labelsOf(await expertsRepo.listAssignmentsOfProposals([proposalId])));
  }

  /** The round ends: by the office, or by the last expert's answer (no user then). */
  async function closeRound(call: CallRow, roundId: string, proposalId: string, auth: AuthContext | null, answered: number, tx: Tx) {
    const row = await repo.close(roundId, { at: now(), closedByUserId: auth?.user?.id ?? null }, tx);
    if (!row) throw noOpenRound();
    const actor = auth ? auditActorOf(auth) : { userId: null, tokenId: null, label: 'moderation' };
    await auditRepo.record({ actor, organisationId: call.programOfficeId, action: 'call.moderation_close', entityType: 'proposal', entityId: proposalId, changes: { callId: call.id, roundId, answered, experts: row.sheetsBefore.length, by: auth ? 'manager' : 'answers' } }, tx);
  }

  return {
    async openRound(auth: AuthContext, callId: string, proposalId: string, body: OpenModerationBody): Promise<ModerationRound> {
      const { call, officeName, proposal } = await loadManaged(auth, callId, proposalId);
      const status = effectiveStatus(call, now());
      if (status !== 'scoring') throw invalidCallTransition(status, 'moderation', 'a moderation round is held during expert scoring, before the council');
      const note = body.note.trim();
      let labels: Map<string, string>;
      let told: NotificationRow[];
      try {
        ({ labels, told } = await db.transaction(async (tx) => {
          // The call row locked: the move to the council waits for this round, or this round sees the council.
          const locked = await callsRepo.lock(call.id, tx);
          if (locked?.status !== 'scoring') throw invalidCallTransition(locked ? effectiveStatus(locked, now()) : status, 'moderation', 'a moderation round is held during expert scoring, before the council');
          // The proposal's assignments, read once: the flag, the sheets before and the labels all come from them.
          const assignments = await expertsRepo.listAssignmentsOfProposals([proposalId], tx);
          const item = scoreProposal(locked, assignments);
          if (!item.complete) throw notFlagged('its experts have not all submitted their scores yet');
          if (!item.flaggedForModeration) throw notFlagged(`its experts' totals diverge by ${item.divergence} points, within the call's threshold of ${locked.divergenceThreshold}`);
          if (note.length < 3) throw invalidInput('Say what the experts should look at again.', [{ path: '/note', message: 'is required' }]);
          if (await repo.lockOpenRound(proposalId, tx)) throw moderationAlreadyOpen();
          const scored = assignments.filter((row) => isActive(row) && row.status === 'scored');
          const sheetsBefore = scored.map((row) => ({ assignmentId: row.id, scores: row.scores ?? [] }));
          const round = await repo.insertRound({ callId: call.id, proposalId, note, sheetsBefore, openedByUserId: auth.user?.id ?? null, at: now() }, tx);
          await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: 'call.moderation_open', entityType: 'proposal', entityId: proposalId, changes: { callId: call.id, roundId: round.id, note, divergence: item.divergence, sheetsBefore } }, tx);
          // Each expert asked to look again is told (one notification per round), not left to find it in their list.
          const payloadFor = (assignmentId: string): TaskMatchPayload => ({
            taskId: proposal.taskId,
            title: call.title,
            organisationName: officeName,
            reason: { kind: 'moderation', callId: call.id, proposalId, proposalTitle: proposal.title, note },
            link: `/expert/${assignmentId}`,
          });
          const told = await notificationsRepo.insertNew(
            scored.map((row) => ({ userId: row.expertUserId, kind: 'call_moderation' as const, subjectId: round.id, payload: payloadFor(row.id) })),
            tx,
          );
          return { labels: labelsOf(assignments), told };
        }));
      } catch (error) {
        if (isUniqueViolation(error, 'moderation_rounds_one_open')) throw moderationAlreadyOpen();
        throw error;
      }
      hub?.publishStored(told);
      return roundView(call, proposalId, labels);
    },

    async closeRound(auth: AuthContext, callId: string, proposalId: string): Promise<ModerationRound> {
      const { call } = await loadManaged(auth, callId, proposalId);
      await db.transaction(async (tx) => {
        const round = await repo.lockOpenRound(proposalId, tx);
        if (!round) throw noOpenRound();
        await closeRound(call, round.id, proposalId, auth, await repo.countAnswers(round.id, tx), tx);
      });
      return roundView(call, proposalId);
    },

    /** An expert of the proposal answers: revise (a whole new sheet) or confirm. The last answer closes the round. */
    async answer(auth: AuthContext, assignmentId: string, body: ModerationAnswerBody): Promise<Assignment> {
      const { assignment, call } = await experts.loadOwnAssignment(auth, assignmentId);
      // A conflicted or not yet scoring expert has nothing to do with a round: the same 404 as a stranger.
      if (assignment.status !== 'scored') throw assignmentNotFound();
      if (body.answer === 'confirm' && body.scores !== undefined) throw invalidInput('Confirming keeps your scores: send no scores with it.', [{ path: '/scores', message: 'must be absent when confirming' }]);
      if (body.answer === 'revise') {
        if (!body.scores) throw invalidInput('A revision needs your whole score sheet, each line with a comment saying why.', [{ path: '/scores', message: 'is required when revising' }]);
        const issues = scoreSheetIssues(call.criteria, body.scores);
        if (issues.length) throw invalidScores(issues);
      }
      await db.transaction(async (tx) => {
        const round = await repo.lockOpenRound(assignment.proposalId, tx);
        if (!round || !round.sheetsBefore.some((sheet) => sheet.assignmentId === assignment.id)) throw noOpenRound();
        // The round row is locked: answers of one round queue here, so this check cannot race.
        const answeredBy = await repo.listAnsweredAssignmentIds(round.id, tx);
        if (answeredBy.includes(assignment.id)) throw alreadyAnswered();
        // The sheet the round recorded is the current one: only this answer changes it during the round.
        const before = round.sheetsBefore.find((sheet) => sheet.assignmentId === assignment.id)!.scores;
        const after = body.answer === 'revise' ? ((await expertsRepo.reviseScores(assignment.id, body.scores as ScoreLine[], tx))!.scores ?? []) : before;
        await repo.insertAnswer({ roundId: round.id, assignmentId: assignment.id, answer: body.answer === 'revise' ? 'revised' : 'confirmed', scoresBefore: before, scoresAfter: after, at: now() }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: body.answer === 'revise' ? 'expert.moderation_revise' : 'expert.moderation_confirm', entityType: 'expert_assignment', entityId: assignment.id, changes: { proposalId: assignment.proposalId, roundId: round.id, before, after } }, tx);
        const answered = answeredBy.length + 1;
        if (answered >= round.sheetsBefore.length) await closeRound(call, round.id, assignment.proposalId, null, answered, tx);
      });
      return experts.getAssignment(auth, assignmentId);
    },

    /** Before and inside the move to the council: no round may be left open. */
    async requireNoneOpen(callId: string, tx: Db | Tx = db) {
      const open = await repo.countOpenRounds(callId, tx);
      if (open) throw moderationStillOpen(open);
    },
  };
}
export type ModerationService = ReturnType<typeof createModerationService>;
