import type { Db } from '../../db/database.ts';
import { invalidInput } from '../../errors.ts';
import type { CreateTaskBody, Task, TaskQuery, TaskStatusChange, TaskSummary, UpdateTaskBody } from '../../../shared/schemas/tasks.ts';
import type { Locale, PriorityArea, Region } from '../../../shared/constants.ts';
import { createTasksRepo, type TaskScope } from './tasks.repo.ts';
import type { TaskRow } from './tasks.table.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createOutboxRepo } from '../search/outbox.repo.ts';
import { createNdaGate } from '../nda/nda.gate.ts';
import {
  auditActorOf, isMemberOf, isSignedIn, requireMemberOf, requireSignedIn, requireOrganisationKind, type AuthContext,
} from '../auth/auth-context.ts';
import { authRequired } from '../../errors.ts';
import { closeReasonRequired, closedTaskIsReadOnly, incompleteTask, invalidTaskTransition, taskNotFound } from './tasks.errors.ts';
import { checkReadyToPublish, checkTaskConsistency, mergeContent, mergeForConsistency } from './tasks.rules.ts';

const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

export function toTask(row: TaskRow, organisationName: string, includeConfidential: boolean): Task {
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    organisation: { id: row.organisationId, name: organisationName },
    title: row.title,
    lang: row.lang as Locale,
    problem: row.problem,
    currentProcess: row.currentProcess,
    processParameters: row.processParameters,
    kpis: row.kpis,
    constraints: row.constraints,
    triedBefore: row.triedBefore,
    samplesOffered: row.samplesOffered,
    desiredOutcome: row.desiredOutcome,
    priorityArea: row.priorityArea as PriorityArea | null,
    region: row.region as Region | null,
    budgetMinKzt: row.budgetMinKzt,
    budgetMaxKzt: row.budgetMaxKzt,
    cofinancingPercent: row.cofinancingPercent,
    trlCurrent: row.trlCurrent,
    trlTarget: row.trlTarget,
    deadline: row.deadline,
    visibility: row.visibility,
    ...(includeConfidential ? { confidentialDetails: row.confidentialDetails } : {}),
    hasConfidentialDetails: Boolean(row.confidentialDetails?.trim()),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    publishedAt: isoOrNull(row.publishedAt),
    closedAt: isoOrNull(row.closedAt),
    closedReason: row.status === 'closed' ? row.closedReason : null,
  };
}

export const toTaskSummary = (row: TaskRow, organisationName: string): TaskSummary => {
  const { confidentialDetails: _omitted, ...task } = toTask(row, organisationName, false);
  return task;
};

/** Who may read a task: drafts only its enterprise; 'registered' tasks only signed-in users. */
export function canRead(auth: AuthContext, task: TaskRow): boolean {
  if (auth.isAdmin || isMemberOf(auth, task.organisationId)) return true;
  if (task.status === 'draft') return false;
  return task.visibility === 'public' || isSignedIn(auth);
}

/**
 * The answers of `GET /api/tasks/:id` to whoever may not read a task: "sign in" for a registered-only
 * one, "not found" otherwise, so a draft is never revealed. Shared by every route under a task.
 */
export function requireReadable<T extends { task: TaskRow }>(auth: AuthContext, found: T | null): T {
  if (!found) throw taskNotFound();
  if (!canRead(auth, found.task)) {
    if (found.task.status !== 'draft' && !isSignedIn(auth)) throw authRequired();
    throw taskNotFound();
  }
  return found;
}

function listScope(auth: AuthContext, query: TaskQuery): TaskScope {
  const ownOrganisation = query.organisationId !== undefined && isMemberOf(auth, query.organisationId);
  if (auth.isAdmin || ownOrganisation) {
    return {
      statuses: query.status ? [query.status] : ownOrganisation ? ['draft', 'published', 'closed'] : ['published'],
      visibilities: ['public', 'registered'],
      organisationId: query.organisationId,
    };
  }
  return {
    statuses: ['published'],
    visibilities: isSignedIn(auth) ? ['public', 'registered'] : ['public'],
    organisationId: query.organisationId,
  };
}

export function createTasksService({ db }: { db: Db }) {
  const tasksRepo = createTasksRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const outbox = createOutboxRepo({ db });
  const ndaGate = createNdaGate({ db });

  async function loadEditable(auth: AuthContext, id: string) {
    requireSignedIn(auth);
    const found = await tasksRepo.findById(id);
    if (!found || !canRead(auth, found.task)) throw taskNotFound();
    requireMemberOf(auth, found.task.organisationId);
    return found;
  }

  return {
    async listTasks(auth: AuthContext, query: TaskQuery) {
      const page = await tasksRepo.list(query, listScope(auth, query));
      return { ...page, items: page.items.map((row) => toTaskSummary(row.task, row.organisationName)) };
    },

    async getTask(auth: AuthContext, id: string): Promise<Task> {
      const found = requireReadable(auth, await tasksRepo.findById(id));
      // The NDA gate decides, and logs every read of the confidential part from outside the enterprise.
      const access = await ndaGate.openConfidential(auth, found.task);
      const task = toTask(found.task, found.organisationName, access.readable);
      return access.status ? { ...task, nda: access.status } : task;
    },

    async createTask(auth: AuthContext, body: CreateTaskBody): Promise<Task> {
      const organisation = requireOrganisationKind(auth, 'enterprise');
      const issues = checkTaskConsistency(body);
      if (issues.length) throw invalidInput('Some fields contradict each other.', issues);
      return db.transaction(async (tx) => {
        // The language is the one column a draft cannot leave empty: the author's, unless they say.
        const content = { ...body, lang: body.lang ?? auth.user?.locale ?? 'ru' };
        const row = await tasksRepo.insert({ content, organisationId: organisation.id, status: 'draft', createdByUserId: auth.user?.id ?? null }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: organisation.id, action: 'task.create', entityType: 'task', entityId: row.id, changes: body }, tx);
        await outbox.enqueue('task', [row.id], tx);
        return toTask(row, organisation.name, true);
      });
    },

    async updateTask(auth: AuthContext, id: string, body: UpdateTaskBody): Promise<Task> {
      const { task: read, organisationName } = await loadEditable(auth, id);
      return db.transaction(async (tx) => {
        // Checked on the locked row: a close or another edit may have landed since the read.
        const task = await tasksRepo.lockById(read.id, tx);
        if (!task) throw taskNotFound();
        if (task.status === 'closed') throw closedTaskIsReadOnly();
        const issues = checkTaskConsistency(mergeForConsistency(task, body));
        if (issues.length) throw invalidInput('Some fields contradict each other.', issues);
        // Only drafts may lose fields: a published task stays complete enough to be published.
        if (task.status === 'published') {
          const merged = mergeContent(task, body);
          // A deadline that passed while the task was open does not block fixing a typo; a new one must be ahead.
          const missing = checkReadyToPublish(merged).filter((issue) => !(issue.path === '/deadline' && merged.deadline !== null && merged.deadline === task.deadline));
          if (missing.length) throw incompleteTask(missing);
        }
        const row = await tasksRepo.updateContent(id, body, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: task.organisationId, action: 'task.update', entityType: 'task', entityId: id, changes: body }, tx);
        await outbox.enqueue('task', [id], tx);
        return toTask(row, organisationName, true);
      });
    },

    async changeStatus(auth: AuthContext, id: string, { status, reason }: TaskStatusChange): Promise<Task> {
      const { task: read, organisationName } = await loadEditable(auth, id);
      const closedReason = status === 'closed' ? reason?.trim() : undefined;
      if (status === 'closed' && !closedReason) throw closeReasonRequired();
      return db.transaction(async (tx) => {
        const task = await tasksRepo.lockById(read.id, tx);
        if (!task) throw taskNotFound();
        if (task.status === status) throw invalidTaskTransition(task.status, status);
        if (status === 'published') {
          const issues = checkReadyToPublish(task);
          if (issues.length) throw incompleteTask(issues);
        }
        const now = new Date();
        const lifecycle =
          status === 'published'
            ? { status, publishedAt: task.publishedAt ?? now, closedAt: null, closedReason: null }
            : { status, publishedAt: task.publishedAt, closedAt: now, closedReason: closedReason! };
        const row = await tasksRepo.setLifecycle(id, lifecycle, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: task.organisationId, action: `task.${status === 'published' ? 'publish' : 'close'}`, entityType: 'task', entityId: id, changes: { from: task.status, to: status, ...(closedReason ? { reason: closedReason } : {}) } }, tx);
        await outbox.enqueue('task', [id], tx);
        return toTask(row, organisationName, true);
      });
    },
  };
}
export type TasksService = ReturnType<typeof createTasksService>;
