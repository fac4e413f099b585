import type { Db } from '../../db/database.ts';
import { invalidInput } from '../../errors.ts';
import { auditActorOf, requireOrganisationKind, requirePerson, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import type { Locale, PriorityArea } from '../../../shared/constants.ts';
import type {
  Assignment, AssignExpertBody, DeclarationBody, Expert, ExpertSuggestion, RegisterExpertBody, ScoreLine, SubmitScoresBody,
} from '../../../shared/schemas/calls.ts';
import { createCallsRepo } from './calls.repo.ts';
import { createExpertsRepo } from './experts.repo.ts';
import type { ExpertAssignmentRow } from './experts.table.ts';
import { requireCallManager, requireProposalOfCall } from './calls.access.ts';
import { effectiveStatus } from './calls.service.ts';
import { scoreSheetIssues } from './scoring.math.ts';
import { createModerationRepo } from './moderation.repo.ts';
import { toAssignmentModeration } from './moderation.view.ts';
import {
  alreadyAssigned, alreadyScored, assignmentNotFound, declarationRequired, expertConflict, expertNotFound, invalidCallTransition, invalidScores,
  userNotFound,
} from './calls.errors.ts';

export interface ExpertsDeps {
  db: Db;
  now?: () => Date;
}

/** Assignments that still count: a declared conflict removes one. */
export const isActive = (assignment: Pick<ExpertAssignmentRow, 'status'>) => assignment.status !== 'conflict';

/** Every assigned expert (at least the call's number) has submitted: only then are scores shown to anyone. */
export function scoringComplete(assignments: Pick<ExpertAssignmentRow, 'status'>[], required: number): boolean {
  const active = assignments.filter(isActive);
  return active.length >= required && active.every((assignment) => assignment.status === 'scored');
}

/** "A", "B"… in assignment order (the web words it as "Expert A"): proposers and fellow experts never learn names. */
export const anonymousLabel = (index: number) => `${String.fromCharCode(65 + (index % 26))}${index >= 26 ? Math.floor(index / 26) : ''}`;

/** Each active assignment's label, in assignment order: the same letters everywhere a proposal's experts appear. */
export const labelsOf = (assignments: ExpertAssignmentRow[]) => new Map(assignments.filter(isActive).map((row, index) => [row.id, anonymousLabel(index)]));

type ExpertRow = NonNullable<Awaited<ReturnType<ReturnType<typeof createExpertsRepo>['findExpert']>>>;

export function createExpertsService({ db, now = () => new Date() }: ExpertsDeps) {
  const repo = createExpertsRepo({ db });
  const callsRepo = createCallsRepo({ db });
  const usersRepo = createUsersRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const moderationRepo = createModerationRepo({ db });

  const toExpert = (row: ExpertRow): Expert => ({
    id: row.expert.id,
    user: row.user,
    organisation: row.organisation?.id ? { id: row.organisation.id, name: row.organisation.name } : null,
    fields: row.expert.fields,
    languages: row.expert.languages,
  });

  /** The call, for its office, at a stage where experts are assigned (after the deadline, before the council). */
  async function loadForAssignment(auth: AuthContext, callId: string) {
    const found = await callsRepo.findById(callId);
    requireCallManager(auth, found?.call ?? null);
    const call = found!.call;
    const status = effectiveStatus(call, now());
    if (status !== 'closed' && status !== 'scoring') throw invalidCallTransition(status, 'expert assignment', 'experts are assigned after the deadline and before the council');
    return call;
  }

  /** Register experts fitting a proposal, best first, without anyone tied to the proposer or the task's enterprise. */
  async function suggest(programOfficeId: string, proposal: { id: string; organisationId: string; enterpriseId: string; priorityArea: string | null; lang: Locale }, callArea: string, taken: Set<string>, load: Map<string, number>) {
    const experts = await repo.listExperts(programOfficeId);
    const area = (proposal.priorityArea ?? callArea) as PriorityArea;
    return experts
      .filter((row) => !taken.has(row.user.id) && row.organisation?.id !== proposal.organisationId && row.organisation?.id !== proposal.enterpriseId)
      .map((row): ExpertSuggestion => {
        const reasons: ExpertSuggestion['reasons'] = [];
        if (row.expert.fields.includes(area)) reasons.push('field');
        if (row.expert.languages.includes(proposal.lang)) reasons.push('language');
        return { expert: toExpert(row), fit: reasons.length, reasons };
      })
      .sort((a, b) => b.fit - a.fit || (load.get(a.expert.user.id) ?? 0) - (load.get(b.expert.user.id) ?? 0) || a.expert.user.fullName.localeCompare(b.expert.user.fullName));
  }

  const proposalOfCall = (callId: string, proposalId: string) => requireProposalOfCall(callsRepo, callId, proposalId);

  const loadOf = (assignments: ExpertAssignmentRow[]) => {
    const load = new Map<string, number>();
    for (const assignment of assignments.filter(isActive)) load.set(assignment.expertUserId, (load.get(assignment.expertUserId) ?? 0) + 1);
    return load;
  };

  async function loadOwnAssignment(auth: AuthContext, id: string) {
    const user = requirePerson(auth);
    const found = await repo.findAssignment(id);
    if (!found || found.assignment.expertUserId !== user.id) throw assignmentNotFound();
    return found;
  }

  /** Before the declaration: the title only. Others' scores: only once every assigned expert has submitted. */
  async function getAssignment(auth: AuthContext, id: string): Promise<Assignment> {
    const { assignment, call, proposal, instituteName } = await loadOwnAssignment(auth, id);
    const declared = assignment.status === 'accepted' || assignment.status === 'scored';
    const all = await repo.listAssignmentsOfProposals([proposal.id]);
    const complete = scoringComplete(all, call.expertsPerProposal);
    const others = all.filter((row) => row.status === 'scored' && row.id !== assignment.id);
    const labels = labelsOf(all);
    const round = assignment.status === 'scored' ? await moderationRepo.findLatestRound(proposal.id) : null;
    return {
      id: assignment.id,
      status: assignment.status,
      call: { id: call.id, title: call.title, status: effectiveStatus(call, now()), criteria: call.criteria },
      proposal: {
        id: proposal.id,
        title: proposal.title,
        institute: declared ? { id: proposal.organisationId, name: instituteName } : null,
        summary: declared ? proposal.summary : null,
        approach: declared ? proposal.approach : null,
        totalBudgetKzt: declared ? proposal.totalBudgetKzt : null,
      },
      myScores: assignment.scores,
      otherScores: complete && assignment.status === 'scored' ? others.map((row) => ({ expert: labels.get(row.id)!, scores: row.scores ?? [] })) : null,
      moderation: round ? toAssignmentModeration(round, assignment, labels) : null,
      declaredAt: assignment.declaredAt?.toISOString() ?? null,
      scoredAt: assignment.scoredAt?.toISOString() ?? null,
    };
  }

  return {
    getAssignment,
    loadOwnAssignment,

    async registerExpert(auth: AuthContext, body: RegisterExpertBody): Promise<Expert> {
      const office = requireOrganisationKind(auth, 'program_office');
      const user = await usersRepo.findByEmail(body.email.toLowerCase());
      if (!user) throw userNotFound(body.email);
      const id = await db.transaction(async (tx) => {
        const row = await repo.upsertExpert({ programOfficeId: office.id, userId: user.id, fields: body.fields, languages: body.languages }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: office.id, action: 'call_expert.register', entityType: 'call_expert', entityId: row.id, changes: { userId: user.id, fields: body.fields, languages: body.languages } }, tx);
        return row.id;
      });
      return toExpert((await repo.findExpert(id))!);
    },

    async listExperts(auth: AuthContext): Promise<{ items: Expert[] }> {
      const office = requireOrganisationKind(auth, 'program_office');
      return { items: (await repo.listExperts(office.id)).map(toExpert) };
    },

    /** By fit of priority area and language (the register's own data), not the matching engine. */
    async suggestExperts(auth: AuthContext, callId: string, proposalId: string): Promise<{ items: ExpertSuggestion[] }> {
      const call = await loadForAssignment(auth, callId);
      const proposal = await proposalOfCall(callId, proposalId);
      const assignments = await repo.listAssignmentsOfCall(callId);
      const taken = new Set(assignments.filter((assignment) => assignment.proposalId === proposalId).map((assignment) => assignment.expertUserId));
      return { items: await suggest(call.programOfficeId, proposal, call.priorityArea, taken, loadOf(assignments)) };
    },

    async assignExpert(auth: AuthContext, callId: string, body: AssignExpertBody) {
      const call = await loadForAssignment(auth, callId);
      const proposal = await proposalOfCall(callId, body.proposalId);
      const expert = await repo.findExpert(body.expertId);
      if (!expert || expert.expert.programOfficeId !== call.programOfficeId) throw expertNotFound();
      if (expert.organisation?.id === proposal.organisationId) throw expertConflict('they belong to the proposing institute');
      if (expert.organisation?.id === proposal.enterpriseId) throw expertConflict("they belong to the task's enterprise");
      const id = await db.transaction(async (tx) => {
        const assignmentId = await repo.assignUnlessConflicted({ callId, proposalId: proposal.id, expertId: expert.expert.id, expertUserId: expert.user.id }, tx);
        if (!assignmentId) throw alreadyAssigned();
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: 'call.assign_expert', entityType: 'expert_assignment', entityId: assignmentId, changes: { callId, proposalId: proposal.id, expertUserId: expert.user.id } }, tx);
        return assignmentId;
      });
      return { id, proposalId: proposal.id, expertId: expert.expert.id };
    },

    /** Fills every proposal up to the call's number of experts with the best suggestions. */
    async autoAssign(auth: AuthContext, callId: string) {
      const call = await loadForAssignment(auth, callId);
      const proposals = await callsRepo.listProposals(callId);
      const assignments = await repo.listAssignmentsOfCall(callId);
      const load = loadOf(assignments);
      let assigned = 0;
      const short: { proposalId: string; missing: number }[] = [];
      for (const proposal of proposals) {
        const own = assignments.filter((assignment) => assignment.proposalId === proposal.id);
        let missing = call.expertsPerProposal - own.filter(isActive).length;
        const suggestions = missing > 0 ? await suggest(call.programOfficeId, proposal, call.priorityArea, new Set(own.map((assignment) => assignment.expertUserId)), load) : [];
        for (const suggestion of suggestions) {
          if (missing <= 0) break;
          const id = await db.transaction(async (tx) => {
            const assignmentId = await repo.assignUnlessConflicted({ callId, proposalId: proposal.id, expertId: suggestion.expert.id, expertUserId: suggestion.expert.user.id }, tx);
            if (assignmentId) await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: 'call.assign_expert', entityType: 'expert_assignment', entityId: assignmentId, changes: { callId, proposalId: proposal.id, expertUserId: suggestion.expert.user.id, automatic: true } }, tx);
            return assignmentId;
          });
          if (!id) continue;
          assigned += 1;
          missing -= 1;
          load.set(suggestion.expert.user.id, (load.get(suggestion.expert.user.id) ?? 0) + 1);
        }
        if (missing > 0) short.push({ proposalId: proposal.id, missing });
      }
      return { assigned, short };
    },

    async listMyAssignments(auth: AuthContext) {
      const user = requirePerson(auth);
      const rows = await repo.listAssignmentsOfUser(user.id);
      const due = await moderationRepo.listDueAssignmentIds(rows.map(({ assignment }) => assignment));
      const at = now();
      return {
        items: rows.map(({ assignment, call, proposal }) => ({
          id: assignment.id,
          status: assignment.status,
          call: { id: call.id, title: call.title, status: effectiveStatus(call, at), criteria: call.criteria },
          proposal: { id: proposal.id, title: proposal.title, institute: null, summary: null, approach: null, totalBudgetKzt: null },
          myScores: assignment.scores,
          declaredAt: assignment.declaredAt?.toISOString() ?? null,
          scoredAt: assignment.scoredAt?.toISOString() ?? null,
          moderationDue: due.has(assignment.id),
        })),
      };
    },

    /** A declared conflict removes the assignment (kept on record with the reason) and the program office assigns someone else. */
    async declare(auth: AuthContext, id: string, body: DeclarationBody): Promise<Assignment> {
      const { assignment, call } = await loadOwnAssignment(auth, id);
      const reason = body.reason?.trim() || null;
      if (body.conflict && !reason) throw invalidInput('Say what the conflict of interest is.', [{ path: '/reason', message: 'is required with a conflict' }]);
      if (assignment.status !== 'pending') throw invalidCallTransition(assignment.status, 'declaration', 'the declaration is already made');
      await db.transaction(async (tx) => {
        const row = await repo.declare(id, { conflict: body.conflict, reason, at: now() }, tx);
        if (!row) throw invalidCallTransition(assignment.status, 'declaration', 'the declaration is already made');
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: body.conflict ? 'expert.declare_conflict' : 'expert.declare_no_conflict', entityType: 'expert_assignment', entityId: id, changes: { proposalId: assignment.proposalId, reason } }, tx);
      });
      return getAssignment(auth, id);
    },

    async submitScores(auth: AuthContext, id: string, body: SubmitScoresBody): Promise<Assignment> {
      const { assignment, call } = await loadOwnAssignment(auth, id);
      const status = effectiveStatus(call, now());
      if (status !== 'closed' && status !== 'scoring') throw invalidCallTransition(status, 'scoring', 'scores are taken after the deadline and before the council');
      if (assignment.status === 'pending') throw declarationRequired();
      if (assignment.status === 'scored') throw alreadyScored();
      if (assignment.status === 'conflict') throw assignmentNotFound();
      const issues = scoreSheetIssues(call.criteria, body.scores);
      if (issues.length) throw invalidScores(issues);
      await db.transaction(async (tx) => {
        const row = await repo.saveScores(id, body.scores as ScoreLine[], now(), tx);
        if (!row) throw alreadyScored();
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: 'expert.score', entityType: 'expert_assignment', entityId: id, changes: { proposalId: assignment.proposalId, scores: row.scores } }, tx);
      });
      return getAssignment(auth, id);
    },

  };
}
export type ExpertsService = ReturnType<typeof createExpertsService>;
