import { and, count, desc, eq, ilike, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/database.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';
import type { CallStatus, CreateCallBody } from '../../../shared/schemas/calls.ts';
import { callTasks, calls, type CallRow } from './calls.table.ts';

/** Proposals that take part in a call: submitted ones and those the call has already decided. */
export const CALL_PROPOSAL_STATUSES = ['submitted', 'shortlisted', 'in_negotiation', 'agreed', 'declined'] as const;

const office = alias(organisations, 'office');
const institute = alias(organisations, 'institute');

/** `%` and `_` typed by a person are literal characters in the filter. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** What a program manager writes, column by column (create and draft edits alike). */
function contentColumns(body: CreateCallBody) {
  return {
    title: body.title,
    description: body.description,
    priorityArea: body.priorityArea,
    budgetEnvelopeKzt: body.budgetEnvelopeKzt,
    eligibility: body.eligibility,
    deadline: new Date(body.deadline),
    expertsPerProposal: body.expertsPerProposal ?? 3,
    divergenceThreshold: body.divergenceThreshold ?? 25,
    passThreshold: body.passThreshold ?? 60,
    fundingMode: body.fundingMode,
    criteria: body.criteria.map(({ key, name, weight, scaleMin, scaleMax, levels }) => ({ key, name, weight, scaleMin, scaleMax, levels })),
  };
}

export function createCallsRepo({ db }: { db: Db }) {
  const proposalCount = sql<number>`(select count(*)::int from ${proposals} where ${proposals.callId} = ${calls.id} and ${inArray(proposals.status, [...CALL_PROPOSAL_STATUSES])})`;
  const selectCalls = (tx: DbOrTx) =>
    tx.select({ call: calls, officeName: office.name, proposalCount }).from(calls).innerJoin(office, eq(office.id, calls.programOfficeId));

  return {
    async insert(
      values: { body: CreateCallBody; programOfficeId: string; createdByUserId: string | null; now: Date },
      tx: DbOrTx = db,
    ): Promise<CallRow> {
      const [row] = await tx
        .insert(calls)
        .values({ programOfficeId: values.programOfficeId, ...contentColumns(values.body), createdByUserId: values.createdByUserId, createdAt: values.now, updatedAt: values.now })
        .returning();
      if (values.body.taskIds.length) await tx.insert(callTasks).values(values.body.taskIds.map((taskId) => ({ callId: row.id, taskId })));
      return row;
    },

    /**
     * A draft rewritten as a whole (the service locked the draft and merged the changes into it), its
     * tasks replaced when the change names them.
     */
    async updateDraft(id: string, body: CreateCallBody, options: { replaceTasks: boolean; now: Date }, tx: DbOrTx): Promise<void> {
      await tx.update(calls).set({ ...contentColumns(body), updatedAt: options.now }).where(eq(calls.id, id));
      if (!options.replaceTasks) return;
      await tx.delete(callTasks).where(eq(callTasks.callId, id));
      if (body.taskIds.length) await tx.insert(callTasks).values(body.taskIds.map((taskId) => ({ callId: id, taskId })));
    },

    async findById(id: string, tx: DbOrTx = db) {
      const [row] = await selectCalls(tx).where(eq(calls.id, id)).limit(1);
      return row ?? null;
    },

    /** Row lock for changes that depend on the call's stage (status moves, outcomes). */
    async lock(id: string, tx: DbOrTx) {
      const [row] = await tx.select().from(calls).where(eq(calls.id, id)).for('update');
      return row ?? null;
    },

    async list(filter: { programOfficeId?: string; publicOnly: boolean; q?: string; status?: CallStatus; page?: number; pageSize?: number; now: Date }, tx: DbOrTx = db) {
      const page = filter.page ?? 1;
      const pageSize = filter.pageSize ?? PAGE_SIZE_DEFAULT;
      const conditions: SQL[] = [];
      if (filter.programOfficeId) conditions.push(eq(calls.programOfficeId, filter.programOfficeId));
      if (filter.publicOnly) conditions.push(ne(calls.status, 'draft'));
      if (filter.q?.trim()) conditions.push(or(ilike(calls.title, likePattern(filter.q.trim())), ilike(calls.description, likePattern(filter.q.trim())))!);
      // `closed` is an open call past its deadline, or one stored so.
      if (filter.status === 'open') conditions.push(eq(calls.status, 'open'), sql`${calls.deadline} > ${filter.now}`);
      else if (filter.status === 'closed') conditions.push(or(eq(calls.status, 'closed'), and(eq(calls.status, 'open'), sql`${calls.deadline} <= ${filter.now}`))!);
      else if (filter.status) conditions.push(eq(calls.status, filter.status));
      const where = conditions.length ? and(...conditions) : undefined;
      const [items, [{ total }]] = await Promise.all([
        selectCalls(tx).where(where).orderBy(desc(calls.deadline), desc(calls.id)).limit(pageSize).offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(calls).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    /** The tasks of these calls with their enterprises' names. */
    async listTasks(callIds: string[], tx: DbOrTx = db) {
      if (callIds.length === 0) return [];
      return tx
        .select({ callId: callTasks.callId, id: tasks.id, title: sql<string>`coalesce(${tasks.title}, '')`, organisationId: tasks.organisationId, organisationName: organisations.name })
        .from(callTasks)
        .innerJoin(tasks, eq(tasks.id, callTasks.taskId))
        .innerJoin(organisations, eq(organisations.id, tasks.organisationId))
        .where(inArray(callTasks.callId, callIds));
    },

    async findTasks(taskIds: string[], tx: DbOrTx = db) {
      if (taskIds.length === 0) return [];
      return tx.select({ id: tasks.id, status: tasks.status }).from(tasks).where(inArray(tasks.id, taskIds));
    },

    async setStatus(id: string, from: CallStatus, to: CallStatus, now: Date, tx: DbOrTx) {
      const [row] = await tx
        .update(calls)
        .set({ status: to, updatedAt: now, ...(to === 'open' ? { openedAt: now } : {}) })
        .where(and(eq(calls.id, id), eq(calls.status, from)))
        .returning();
      return row ?? null;
    },

    /** The open theme's anchor: a published task of the program office, so proposals stay ordinary proposals. */
    async insertAnchorTask(call: CallRow, now: Date, tx: DbOrTx) {
      const [task] = await tx
        .insert(tasks)
        .values({
          organisationId: call.programOfficeId,
          status: 'published',
          visibility: 'public',
          lang: 'ru',
          title: call.title,
          problem: call.description,
          desiredOutcome: call.eligibility || call.title,
          priorityArea: call.priorityArea,
          createdByUserId: call.createdByUserId,
          publishedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: tasks.id });
      await tx.update(calls).set({ anchorTaskId: task.id }).where(eq(calls.id, call.id));
      return task.id;
    },

    /** The proposals taking part in a call, with who proposed and whose task it answers. */
    async listProposals(callId: string, tx: DbOrTx = db) {
      return tx
        .select({
          id: proposals.id,
          title: proposals.title,
          status: proposals.status,
          organisationId: proposals.organisationId,
          instituteName: institute.name,
          taskId: proposals.taskId,
          enterpriseId: tasks.organisationId,
          lang: tasks.lang,
          priorityArea: tasks.priorityArea,
          totalBudgetKzt: proposals.totalBudgetKzt,
          cofinancing: proposals.cofinancing,
          milestones: proposals.milestones,
          submittedAt: proposals.submittedAt,
        })
        .from(proposals)
        .innerJoin(tasks, eq(tasks.id, proposals.taskId))
        .innerJoin(institute, eq(institute.id, proposals.organisationId))
        .where(and(eq(proposals.callId, callId), inArray(proposals.status, [...CALL_PROPOSAL_STATUSES])))
        .orderBy(proposals.submittedAt, proposals.id);
    },

    async findCallOfProposal(proposalId: string, tx: DbOrTx = db) {
      const [row] = await tx.select({ call: calls }).from(proposals).innerJoin(calls, eq(calls.id, proposals.callId)).where(eq(proposals.id, proposalId)).limit(1);
      return row?.call ?? null;
    },

    async setProposalCall(proposalId: string, callId: string, tx: DbOrTx) {
      await tx.update(proposals).set({ callId }).where(eq(proposals.id, proposalId));
    },
  };
}
export type CallsRepo = ReturnType<typeof createCallsRepo>;
export type CallWithOffice = NonNullable<Awaited<ReturnType<CallsRepo['findById']>>>;
