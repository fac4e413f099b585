import { and, asc, count, desc, eq, gte, ilike, inArray, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { pickColumns } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { tasks, type NewTaskRow, type TaskRow } from './tasks.table.ts';
import type { TaskQuery } from '../../../shared/schemas/tasks.ts';
import { BUDGET_BANDS, type BudgetBand } from '../../../shared/schemas/search.ts';
import { PAGE_SIZE_DEFAULT, type TaskStatus, type TaskVisibility } from '../../../shared/constants.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

/** What the caller may see, decided by the service from who is asking. */
export interface TaskScope {
  statuses: TaskStatus[];
  visibilities: TaskVisibility[];
  organisationId?: string;
}

// The id breaks the last ties, so pages partition one stable order (as search does: search.ranking.ts).
const ORDER_BY = {
  newest: [sql`${tasks.publishedAt} desc nulls last`, desc(tasks.createdAt), asc(tasks.id)],
  deadline: [sql`${tasks.deadline} asc nulls last`, desc(tasks.createdAt), asc(tasks.id)],
  budget: [sql`${tasks.budgetMaxKzt} desc nulls last`, sql`${tasks.budgetMinKzt} desc nulls last`, desc(tasks.createdAt), asc(tasks.id)],
} as const;

/** The search's filters on top of the task list's: budget bands (search falls back to this list while Meilisearch is down). */
export type TaskListQuery = TaskQuery & { budgetBand?: BudgetBand[] };

function buildFilters(query: TaskListQuery, scope: TaskScope): SQL {
  const conditions: SQL[] = [inArray(tasks.status, scope.statuses), inArray(tasks.visibility, scope.visibilities)];
  if (scope.organisationId) conditions.push(eq(tasks.organisationId, scope.organisationId));
  if (query.priorityArea?.length) conditions.push(inArray(tasks.priorityArea, query.priorityArea));
  if (query.region?.length) conditions.push(inArray(tasks.region, query.region));
  if (query.lang?.length) conditions.push(inArray(tasks.lang, query.lang));
  // Budget ranges overlap; a task with one bound is treated as that single amount.
  if (query.budgetFrom !== undefined) conditions.push(sql`coalesce(${tasks.budgetMaxKzt}, ${tasks.budgetMinKzt}) >= ${query.budgetFrom}`);
  if (query.budgetTo !== undefined) conditions.push(sql`coalesce(${tasks.budgetMinKzt}, ${tasks.budgetMaxKzt}) <= ${query.budgetTo}`);
  if (query.budgetBand?.length) {
    // A task's band is that of its upper bound, else its lower bound (search.documents.ts budgetBandOf).
    const budget = sql`coalesce(${tasks.budgetMaxKzt}, ${tasks.budgetMinKzt})`;
    conditions.push(or(...query.budgetBand.map((id) => {
      const index = BUDGET_BANDS.findIndex((band) => band.id === id);
      const min = index > 0 ? BUDGET_BANDS[index - 1].max : 0;
      return sql`(${budget} >= ${min} and ${budget} < ${BUDGET_BANDS[index].max})`;
    }))!);
  }
  if (query.trlFrom !== undefined) conditions.push(gte(tasks.trlTarget, query.trlFrom));
  if (query.trlTo !== undefined) conditions.push(lte(tasks.trlTarget, query.trlTo));
  if (query.deadlineFrom) conditions.push(gte(tasks.deadline, query.deadlineFrom));
  if (query.deadlineTo) conditions.push(lte(tasks.deadline, query.deadlineTo));
  if (query.q?.trim()) {
    const pattern = `%${escapeLike(query.q.trim())}%`;
    conditions.push(or(ilike(tasks.title, pattern), ilike(tasks.problem, pattern))!);
  }
  return and(...conditions)!;
}

/** The problem-statement template's columns: what an enterprise writes when it creates or edits a task. */
export const TASK_CONTENT_COLUMNS = [
  'title', 'lang', 'problem', 'currentProcess', 'processParameters', 'kpis', 'constraints', 'triedBefore', 'samplesOffered',
  'desiredOutcome', 'priorityArea', 'region', 'budgetMinKzt', 'budgetMaxKzt', 'cofinancingPercent', 'trlCurrent', 'trlTarget',
  'deadline', 'visibility', 'confidentialDetails',
] as const satisfies readonly (keyof NewTaskRow)[];
export type TaskContent = Pick<NewTaskRow, (typeof TASK_CONTENT_COLUMNS)[number]>;

export interface TaskLifecycle {
  status: TaskStatus;
  publishedAt: Date | null;
  closedAt: Date | null;
  closedReason?: string | null;
}

export interface NewTask extends Partial<TaskLifecycle> {
  content: TaskContent;
  organisationId: string;
  createdByUserId: string | null;
  externalId?: string | null;
  status: TaskStatus;
}

export function createTasksRepo({ db }: { db: Db }) {
  const selectWithOrganisation = (tx: DbOrTx) =>
    tx
      .select({ task: tasks, organisationName: organisations.name })
      .from(tasks)
      .innerJoin(organisations, eq(organisations.id, tasks.organisationId));

  return {
    async findById(id: string, tx: DbOrTx = db) {
      const [row] = await selectWithOrganisation(tx).where(eq(tasks.id, id)).limit(1);
      return row ?? null;
    },

    async findByExternalId(externalId: string, tx: DbOrTx = db): Promise<TaskRow | null> {
      const [row] = await tx.select().from(tasks).where(eq(tasks.externalId, externalId)).limit(1);
      return row ?? null;
    },

    async list(query: TaskListQuery, scope: TaskScope, tx: DbOrTx = db) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
      const where = buildFilters(query, scope);
      const [items, [{ total }]] = await Promise.all([
        selectWithOrganisation(tx)
          .where(where)
          .orderBy(...ORDER_BY[query.sort ?? 'newest'])
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(tasks).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    async insert(values: NewTask, tx: DbOrTx = db): Promise<TaskRow> {
      const [row] = await tx
        .insert(tasks)
        .values({
          ...(pickColumns(values.content, TASK_CONTENT_COLUMNS) as TaskContent),
          organisationId: values.organisationId,
          createdByUserId: values.createdByUserId,
          externalId: values.externalId ?? null,
          status: values.status,
          publishedAt: values.publishedAt ?? null,
          closedAt: values.closedAt ?? null,
          closedReason: values.closedReason ?? null,
        })
        .returning();
      return row;
    },

    /** The problem statement only: owner, status and dates never change through an edit. */
    /** The row, locked until the transaction ends: edits and status changes of one task take turns. */
    async lockById(id: string, tx: DbOrTx): Promise<TaskRow | null> {
      const [row] = await tx.select().from(tasks).where(eq(tasks.id, id)).for('update');
      return row ?? null;
    },

    async updateContent(id: string, content: Partial<TaskContent>, tx: DbOrTx = db): Promise<TaskRow> {
      const [row] = await tx.update(tasks).set({ ...pickColumns(content, TASK_CONTENT_COLUMNS), updatedAt: new Date() }).where(eq(tasks.id, id)).returning();
      return row;
    },

    /** Publish and close go through here, after their checks in the service. */
    async setLifecycle(id: string, lifecycle: TaskLifecycle, tx: DbOrTx = db): Promise<TaskRow> {
      const { status, publishedAt, closedAt } = lifecycle;
      const closedReason = lifecycle.closedReason ?? null;
      const [row] = await tx.update(tasks).set({ status, publishedAt, closedAt, closedReason, updatedAt: new Date() }).where(eq(tasks.id, id)).returning();
      return row;
    },

    async countBy(column: 'status' | 'priorityArea' | 'region', onlyPublished: boolean, tx: DbOrTx = db) {
      const field = tasks[column];
      return tx
        .select({ key: field, total: count() })
        .from(tasks)
        .where(onlyPublished ? eq(tasks.status, 'published') : undefined)
        .groupBy(field);
    },

    async sumPublishedBudget(tx: DbOrTx = db): Promise<number> {
      const [row] = await tx
        .select({ total: sql<string | null>`sum(coalesce(${tasks.budgetMaxKzt}, ${tasks.budgetMinKzt}))` })
        .from(tasks)
        .where(eq(tasks.status, 'published'));
      return Number(row?.total ?? 0);
    },
  };
}
export type TasksRepo = ReturnType<typeof createTasksRepo>;
