import type { Db, DbOrTx, Tx } from '../../db/database.ts';
import { auditActorOf, requireOrganisationKind, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createProposalsRepo } from '../proposals/proposals.repo.ts';
import { checkProposalConsistency, checkReadyToSubmit, type ProposalFields } from '../proposals/proposals.rules.ts';
import {
  criteriaIssues, type Call, type CallListQuery, type CallPage, type CallStatus, type CallStatusBody, type CreateCallBody, type CreateCallProposalBody, type UpdateCallBody,
} from '../../../shared/schemas/calls.ts';
import type { PriorityArea } from '../../../shared/constants.ts';
import { createCallsRepo, type CallWithOffice } from './calls.repo.ts';
import type { CallRow } from './calls.table.ts';
import { isManagerOf, requireCallManager, requireCallReader } from './calls.access.ts';
import { acceptsProposals } from './calls.gate.ts';
import { callNotDraft, callNotFound, callNotOpen, deadlinePassed, invalidCall, invalidCallTransition, taskNotInCall, taskRequired } from './calls.errors.ts';

export interface CallsDeps {
  db: Db;
  /** The clock: tests move it instead of waiting for a deadline. */
  now?: () => Date;
}

/** What a reader sees as the status: an open call past its deadline is closed (proposals frozen). */
export const effectiveStatus = (call: Pick<CallRow, 'status' | 'deadline'>, now: Date): CallStatus =>
  call.status === 'open' && now.getTime() >= call.deadline.getTime() ? 'closed' : call.status;

/** The stored call's own fields, as the create body names them (tasks aside); the stored thresholds are always set. */
const contentOf = (call: CallRow): Omit<CreateCallBody, 'taskIds'> & Required<Pick<CreateCallBody, 'expertsPerProposal' | 'divergenceThreshold' | 'passThreshold'>> => ({
  title: call.title,
  description: call.description,
  priorityArea: call.priorityArea as PriorityArea,
  budgetEnvelopeKzt: call.budgetEnvelopeKzt,
  eligibility: call.eligibility,
  deadline: call.deadline.toISOString(),
  expertsPerProposal: call.expertsPerProposal,
  divergenceThreshold: call.divergenceThreshold,
  passThreshold: call.passThreshold,
  fundingMode: call.fundingMode,
  criteria: call.criteria,
});

/** What the later stages add: a check before a move (throws the reason), work inside its transaction. */
export interface StageHooks {
  check?: (call: CallRow, to: 'scoring' | 'council') => Promise<void>;
  afterEnter?: (call: CallRow, to: 'scoring' | 'council', tx: Tx) => Promise<void>;
}

export function createCallsService({ db, now = () => new Date() }: CallsDeps, hooks: StageHooks = {}) {
  const repo = createCallsRepo({ db });
  const proposalsRepo = createProposalsRepo({ db });
  const auditRepo = createAuditRepo({ db });

  async function toCalls(rows: CallWithOffice[]): Promise<Call[]> {
    const tasks = await repo.listTasks(rows.map((row) => row.call.id));
    const at = now();
    return rows.map(({ call, officeName, proposalCount }) => ({
      id: call.id,
      status: effectiveStatus(call, at),
      programOffice: { id: call.programOfficeId, name: officeName },
      ...contentOf(call),
      tasks: tasks.filter((task) => task.callId === call.id).map((task) => ({ id: task.id, title: task.title, organisation: { id: task.organisationId, name: task.organisationName } })),
      openTheme: !tasks.some((task) => task.callId === call.id),
      proposalCount,
      openedAt: call.openedAt?.toISOString() ?? null,
      createdAt: call.createdAt.toISOString(),
    }));
  }
  const toCall = async (row: CallWithOffice) => (await toCalls([row]))[0];

  /** What is wrong with a call as a whole: criteria, and the deadline and tasks when asked. */
  async function callIssues(body: CreateCallBody, check: { deadline: boolean; tasks: boolean }, tx: DbOrTx = db) {
    // The API's details stay path and message, as for every other validation error.
    const issues: Array<{ path: string; message: string }> = criteriaIssues(body.criteria).map(({ path, message }) => ({ path, message }));
    if (check.deadline && new Date(body.deadline).getTime() <= now().getTime()) issues.push({ path: '/deadline', message: 'must be in the future' });
    if (check.tasks) {
      const found = await repo.findTasks(body.taskIds, tx);
      body.taskIds.forEach((taskId, index) => {
        if (found.find((task) => task.id === taskId)?.status !== 'published') issues.push({ path: `/taskIds/${index}`, message: 'is not a published task' });
      });
    }
    return issues;
  }

  return {
    effectiveStatus: (call: CallRow) => effectiveStatus(call, now()),

    async createCall(auth: AuthContext, body: CreateCallBody): Promise<Call> {
      const office = requireOrganisationKind(auth, 'program_office');
      const issues = await callIssues(body, { deadline: true, tasks: true });
      if (issues.length) throw invalidCall(issues);
      const id = await db.transaction(async (tx) => {
        const row = await repo.insert({ body, programOfficeId: office.id, createdByUserId: auth.user?.id ?? null, now: now() }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: office.id, action: 'call.create', entityType: 'call', entityId: row.id, changes: { ...body } }, tx);
        return row.id;
      });
      return toCall((await repo.findById(id))!);
    },

    /**
     * The office edits its draft: the changes merged into the stored call are checked like a new call
     * (criteria always; deadline and tasks when they change). Once open the call is published: 409.
     */
    async updateCall(auth: AuthContext, id: string, patch: UpdateCallBody): Promise<Call> {
      const found = await repo.findById(id);
      requireCallManager(auth, found?.call ?? null);
      if (found!.call.status !== 'draft') throw callNotDraft(effectiveStatus(found!.call, now()));
      await db.transaction(async (tx) => {
        // The row locked first, then read and merged: a concurrent edit of other fields is kept, not overwritten.
        const stored = await repo.lock(id, tx);
        if (stored?.status !== 'draft') throw callNotDraft(stored ? effectiveStatus(stored, now()) : 'draft');
        const before: CreateCallBody = { ...contentOf(stored), taskIds: (await repo.listTasks([id], tx)).map((task) => task.id) };
        const body: CreateCallBody = { ...before, ...patch };
        const issues = await callIssues(body, { deadline: patch.deadline !== undefined, tasks: patch.taskIds !== undefined }, tx);
        if (issues.length) throw invalidCall(issues);
        await repo.updateDraft(id, body, { replaceTasks: patch.taskIds !== undefined, now: now() }, tx);
        const changed = Object.keys(patch) as (keyof CreateCallBody)[];
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: stored.programOfficeId, action: 'call.update', entityType: 'call', entityId: id, changes: { before: Object.fromEntries(changed.map((key) => [key, before[key]])), after: { ...patch } } }, tx);
      });
      return toCall((await repo.findById(id))!);
    },

    /** Public: every call that is not a draft. Program offices also see their own drafts with `mine`. */
    async listPublicCalls(query: CallListQuery): Promise<CallPage> {
      const page = await repo.list({ ...query, publicOnly: true, now: now() });
      return { ...page, items: await toCalls(page.items) };
    },

    async listOwnCalls(auth: AuthContext, query: CallListQuery): Promise<CallPage> {
      const office = requireOrganisationKind(auth, 'program_office');
      const page = await repo.list({ ...query, programOfficeId: office.id, publicOnly: false, now: now() });
      return { ...page, items: await toCalls(page.items) };
    },

    /** A draft is its office's alone; once open, a call is public. */
    async getCall(auth: AuthContext, id: string): Promise<Call> {
      const found = await repo.findById(id);
      if (!found || (found.call.status === 'draft' && !(auth.isAdmin || isManagerOf(auth, found.call)))) throw callNotFound();
      return toCall(found);
    },

    async getPublicCallRow(id: string) {
      const found = await repo.findById(id);
      if (!found || found.call.status === 'draft') throw callNotFound();
      return { found, call: await toCall(found) };
    },

    async requireReadable(auth: AuthContext, id: string) {
      const found = await repo.findById(id);
      requireCallReader(auth, found?.call ?? null);
      return found!;
    },

    /**
     * draft → open (criteria published; an open theme gets its anchor task), closed → scoring (after
     * the deadline), scoring → council (every proposal fully scored, council formed).
     */
    async changeStatus(auth: AuthContext, id: string, body: CallStatusBody): Promise<Call> {
      const found = await repo.findById(id);
      requireCallManager(auth, found?.call ?? null);
      const call = found!.call;
      const at = now();
      const from = effectiveStatus(call, at);
      const to = body.status;
      const expected = { open: 'draft', scoring: 'closed', council: 'scoring' } as const;
      if (from !== expected[to]) throw invalidCallTransition(from, to, to === 'scoring' && from === 'open' ? 'the deadline has not passed yet' : `only a ${expected[to]} call can`);
      if (to === 'open' && call.deadline.getTime() <= at.getTime()) throw invalidCallTransition(from, to, 'its deadline is already past');
      if (to !== 'open') await hooks.check?.(call, to);
      await db.transaction(async (tx) => {
        const row = await repo.setStatus(call.id, call.status, to, at, tx);
        if (!row) throw invalidCallTransition(from, to, 'it changed meanwhile');
        if (to === 'open' && !found!.call.anchorTaskId && (await repo.listTasks([call.id], tx)).length === 0) await repo.insertAnchorTask(row, at, tx);
        if (to !== 'open') await hooks.afterEnter?.(row, to, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: call.programOfficeId, action: `call.${to}`, entityType: 'call', entityId: call.id, changes: { from, to } }, tx);
      });
      return toCall((await repo.findById(id))!);
    },

    /**
     * An institute's proposal to an open call: an ordinary proposal (a draft, or submitted at once)
     * linked to the call. Until the deadline it is edited and submitted like any other; then frozen.
     */
    async createCallProposal(auth: AuthContext, callId: string, body: CreateCallProposalBody) {
      const institute = requireOrganisationKind(auth, 'institute');
      const found = await repo.findById(callId);
      if (!found || found.call.status === 'draft') throw callNotFound();
      const { call } = found;
      const at = now();
      if (call.status === 'open' && !acceptsProposals(call, at)) throw deadlinePassed(call.deadline);
      if (call.status !== 'open') throw callNotOpen(effectiveStatus(call, at));
      const taskIds = (await repo.listTasks([call.id])).map((task) => task.id);
      let taskId: string;
      if (taskIds.length === 0) taskId = call.anchorTaskId!;
      else if (body.taskId === undefined) {
        if (taskIds.length > 1) throw taskRequired();
        taskId = taskIds[0];
      } else if (!taskIds.includes(body.taskId)) throw taskNotInCall();
      else taskId = body.taskId;
      const fields: ProposalFields = {
        title: body.title, summary: body.summary ?? '', approach: body.approach ?? '', team: body.team ?? [], milestones: body.milestones ?? [],
        totalBudgetKzt: body.totalBudgetKzt ?? null, cofinancing: body.cofinancing ?? [], trlStart: body.trlStart ?? null, trlEnd: body.trlEnd ?? null,
      };
      if (body.submit) checkReadyToSubmit(fields);
      else checkProposalConsistency(fields);
      return db.transaction(async (tx) => {
        const row = await proposalsRepo.insert({ content: fields, taskId, organisationId: institute.id, createdByUserId: auth.user?.id ?? null, status: body.submit ? 'submitted' : 'draft', now: at }, tx);
        await repo.setProposalCall(row.id, call.id, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: institute.id, action: 'proposal.create', entityType: 'proposal', entityId: row.id, changes: { callId, taskId, ...fields, status: row.status } }, tx);
        return { id: row.id, status: row.status, callId: call.id, taskId };
      });
    },
  };
}
export type CallsService = ReturnType<typeof createCallsService>;
