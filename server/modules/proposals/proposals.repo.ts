import { and, asc, count, desc, eq, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../../db/database.ts';
import { pickColumns } from '../../db/columns.ts';
import { memberships, organisations } from '../organisations/organisations.table.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { proposalAttachments, proposals, type NewProposalRow, type ProposalAttachmentRow, type ProposalRow } from './proposals.table.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';
import type { DeclineReasonCode, ProposalStatus } from '../../../shared/schemas/proposals.ts';

/** What an institute writes; the only columns a create or an edit can touch. */
export const PROPOSAL_CONTENT_COLUMNS = [
  'title', 'summary', 'approach', 'team', 'milestones', 'totalBudgetKzt', 'cofinancing', 'trlStart', 'trlEnd',
] as const satisfies readonly (keyof NewProposalRow)[];
export type ProposalContentColumns = Pick<NewProposalRow, (typeof PROPOSAL_CONTENT_COLUMNS)[number]>;

export interface ProposalStatusChange {
  status: ProposalStatus;
  statusChangedAt: Date;
  submittedAt?: Date;
  declineReasonCode?: DeclineReasonCode;
  declineNote?: string | null;
  withdrawNote?: string;
}

/** Who may be listed, decided by the service from who is asking. */
export interface ProposalScope {
  /** The proposing institute. */
  instituteId?: string;
  /** The enterprise whose tasks were answered. */
  enterpriseId?: string;
  taskId?: string;
  statuses: readonly ProposalStatus[];
  /** Only proposals submitted before this moment and still waiting (overdue). */
  submittedBefore?: Date;
}

const enterprise = alias(organisations, 'enterprise');
const institute = alias(organisations, 'institute');

// Proposals answer published tasks, which always have a title (only drafts may lack one).
const publishedTaskTitle = sql<string>`coalesce(${tasks.title}, '')`;

export function createProposalsRepo({ db }: { db: Db }) {
  const selectWithParties = (tx: DbOrTx) =>
    tx
      .select({
        proposal: proposals,
        task: { id: tasks.id, title: publishedTaskTitle, status: tasks.status, organisationId: tasks.organisationId, cofinancingPercent: tasks.cofinancingPercent },
        enterpriseName: enterprise.name,
        instituteName: institute.name,
      })
      .from(proposals)
      .innerJoin(tasks, eq(tasks.id, proposals.taskId))
      .innerJoin(enterprise, eq(enterprise.id, tasks.organisationId))
      .innerJoin(institute, eq(institute.id, proposals.organisationId));

  function scopeFilter(scope: ProposalScope): SQL {
    const conditions: SQL[] = [inArray(proposals.status, [...scope.statuses])];
    if (scope.instituteId) conditions.push(eq(proposals.organisationId, scope.instituteId));
    if (scope.enterpriseId) conditions.push(eq(tasks.organisationId, scope.enterpriseId));
    if (scope.taskId) conditions.push(eq(proposals.taskId, scope.taskId));
    if (scope.submittedBefore) conditions.push(eq(proposals.status, 'submitted'), lte(proposals.submittedAt, scope.submittedBefore));
    return and(...conditions)!;
  }

  return {
    async findById(id: string, tx: DbOrTx = db) {
      const [row] = await selectWithParties(tx).where(eq(proposals.id, id)).limit(1);
      return row ?? null;
    },

    async findByIds(ids: string[], tx: DbOrTx = db) {
      if (ids.length === 0) return [];
      return selectWithParties(tx).where(inArray(proposals.id, ids));
    },

    async list(scope: ProposalScope, paging: { page?: number; pageSize?: number }, tx: DbOrTx = db) {
      const page = paging.page ?? 1;
      const pageSize = paging.pageSize ?? PAGE_SIZE_DEFAULT;
      const where = scopeFilter(scope);
      const [items, [{ total }]] = await Promise.all([
        // Oldest stage first: what has waited longest needs an answer first.
        selectWithParties(tx).where(where).orderBy(asc(proposals.statusChangedAt), desc(proposals.id)).limit(pageSize).offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(proposals).innerJoin(tasks, eq(tasks.id, proposals.taskId)).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    async insert(values: { content: ProposalContentColumns; taskId: string; organisationId: string; createdByUserId: string | null; status: ProposalStatus; now: Date }, tx: DbOrTx = db): Promise<ProposalRow> {
      const [row] = await tx
        .insert(proposals)
        .values({
          ...(pickColumns(values.content, PROPOSAL_CONTENT_COLUMNS) as ProposalContentColumns),
          taskId: values.taskId,
          organisationId: values.organisationId,
          createdByUserId: values.createdByUserId,
          status: values.status,
          createdAt: values.now,
          updatedAt: values.now,
          statusChangedAt: values.now,
          submittedAt: values.status === 'submitted' ? values.now : null,
        })
        .returning();
      return row;
    },

    /** The content only; status and dates change through setStatus. */
    async updateContent(id: string, content: Partial<ProposalContentColumns>, now: Date, tx: DbOrTx = db): Promise<ProposalRow> {
      const [row] = await tx.update(proposals).set({ ...pickColumns(content, PROPOSAL_CONTENT_COLUMNS), updatedAt: now }).where(eq(proposals.id, id)).returning();
      return row;
    },

    /** The row, locked until the transaction ends: an edit and a submit of one draft take turns. */
    async lockById(id: string, tx: DbOrTx): Promise<ProposalRow | null> {
      const [row] = await tx.select().from(proposals).where(eq(proposals.id, id)).for('update');
      return row ?? null;
    },

    /** Changes the status only if it is still `from`, so two concurrent decisions cannot both win. */
    async setStatus(id: string, from: ProposalStatus, change: ProposalStatusChange, tx: DbOrTx = db): Promise<ProposalRow | null> {
      const [row] = await tx
        .update(proposals)
        .set({
          status: change.status,
          statusChangedAt: change.statusChangedAt,
          updatedAt: change.statusChangedAt,
          ...(change.submittedAt ? { submittedAt: change.submittedAt } : {}),
          ...(change.declineReasonCode ? { declineReasonCode: change.declineReasonCode, declineNote: change.declineNote ?? null } : {}),
          ...(change.withdrawNote !== undefined ? { withdrawNote: change.withdrawNote } : {}),
        })
        .where(and(eq(proposals.id, id), eq(proposals.status, from)))
        .returning();
      return row ?? null;
    },

    /** Submitted proposals waiting since before `cutoff` whose enterprise has not been told yet. */
    async listOverdueUnreported(cutoff: Date, limit: number, tx: DbOrTx = db) {
      return selectWithParties(tx)
        // A call's proposals wait for its council, not for the enterprise: never overdue to it.
        .where(and(eq(proposals.status, 'submitted'), isNull(proposals.overdueNotifiedAt), isNull(proposals.callId), lte(proposals.submittedAt, cutoff)))
        .orderBy(asc(proposals.submittedAt))
        .limit(limit);
    },

    /** Claims the report: true only for the caller that stamped it first. */
    async markOverdueReported(id: string, now: Date, tx: DbOrTx = db): Promise<boolean> {
      const updated = await tx
        .update(proposals)
        .set({ overdueNotifiedAt: now })
        .where(and(eq(proposals.id, id), isNull(proposals.overdueNotifiedAt)))
        .returning({ id: proposals.id });
      return updated.length > 0;
    },

    async listAttachments(proposalIds: string[], tx: DbOrTx = db): Promise<ProposalAttachmentRow[]> {
      if (proposalIds.length === 0) return [];
      return tx.select().from(proposalAttachments).where(inArray(proposalAttachments.proposalId, proposalIds)).orderBy(asc(proposalAttachments.createdAt));
    },

    async countAttachments(proposalId: string, tx: DbOrTx = db): Promise<number> {
      const [{ total }] = await tx.select({ total: count() }).from(proposalAttachments).where(eq(proposalAttachments.proposalId, proposalId));
      return total;
    },

    async findAttachment(proposalId: string, attachmentId: string, tx: DbOrTx = db): Promise<ProposalAttachmentRow | null> {
      const [row] = await tx
        .select()
        .from(proposalAttachments)
        .where(and(eq(proposalAttachments.id, attachmentId), eq(proposalAttachments.proposalId, proposalId)))
        .limit(1);
      return row ?? null;
    },

    async insertAttachment(values: { id: string; proposalId: string; fileName: string; sizeBytes: number; storageKey: string; uploadedByUserId: string | null }, tx: DbOrTx = db): Promise<ProposalAttachmentRow> {
      const [row] = await tx
        .insert(proposalAttachments)
        .values({
          id: values.id,
          proposalId: values.proposalId,
          fileName: values.fileName,
          sizeBytes: values.sizeBytes,
          storageKey: values.storageKey,
          uploadedByUserId: values.uploadedByUserId,
        })
        .returning();
      return row;
    },

    async touch(id: string, now: Date, tx: DbOrTx = db) {
      await tx.update(proposals).set({ updatedAt: now }).where(eq(proposals.id, id));
    },

    /** Members of an organisation, to notify (proposals concern enterprises and institutes alike). */
    async listMemberIds(organisationId: string, tx: DbOrTx = db): Promise<string[]> {
      const rows = await tx.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.organisationId, organisationId));
      return rows.map((row) => row.userId);
    },
  };
}
export type ProposalsRepo = ReturnType<typeof createProposalsRepo>;
export type ProposalWithParties = NonNullable<Awaited<ReturnType<ProposalsRepo['findById']>>>;
