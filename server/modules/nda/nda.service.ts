import type { Db } from '../../db/database.ts';
import { invalidInput } from '../../errors.ts';
import type { Page } from '../../../shared/schemas/common.ts';
import type { AcceptNdaBody, AccessLogEntry, AccessLogQuery, Nda, NdaQuery, UpdateNdaBody } from '../../../shared/schemas/nda.ts';
import { NDA_CUSTOM_TEXT_MIN } from '../../../shared/schemas/nda.ts';
import { STANDARD_NDA_TEXT } from '../../../shared/nda-standard.ts';
import { PAGE_SIZE_DEFAULT, type Locale } from '../../../shared/constants.ts';
import {
  auditActorOf, requireMemberOf, requireOrganisationKind, requirePerson, requireSignedIn, type AuthContext,
} from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { requireReadable } from '../tasks/tasks.service.ts';
import type { TaskRow } from '../tasks/tasks.table.ts';
import { canAcceptNda } from './nda.gate.ts';
import { createNdaRepo, type CurrentNda } from './nda.repo.ts';
import { staleNdaVersion } from './nda.errors.ts';

interface NdaView {
  task: TaskRow;
  current: CurrentNda;
  locale: Locale;
  acceptedAt: Date | null;
  canAccept: boolean;
}

function toNda({ task, current, locale, acceptedAt, canAccept }: NdaView): Nda {
  const standard = current.customText === null;
  return {
    taskId: task.id,
    version: current.version,
    standard,
    text: standard ? STANDARD_NDA_TEXT[locale] : current.customText!,
    lang: standard ? locale : task.lang,
    updatedAt: current.updatedAt ? current.updatedAt.toISOString() : null,
    accepted: acceptedAt !== null,
    acceptedAt: acceptedAt ? acceptedAt.toISOString() : null,
    canAccept,
  };
}

export function createNdaService({ db }: { db: Db }) {
  const ndaRepo = createNdaRepo({ db });
  const tasksRepo = createTasksRepo({ db });
  const auditRepo = createAuditRepo({ db });

  /** The same answers as `GET /api/tasks/:id`: a draft of someone else is "not found". */
  async function loadReadableTask(auth: AuthContext, taskId: string): Promise<TaskRow> {
    return requireReadable(auth, await tasksRepo.findById(taskId)).task;
  }

  async function acceptedAtOf(auth: AuthContext, taskId: string, version: number) {
    if (auth.organisation?.kind !== 'institute') return null;
    return (await ndaRepo.findAcceptance(taskId, auth.organisation.id, version))?.acceptedAt ?? null;
  }

  const localeOf = (auth: AuthContext, query: NdaQuery, task: TaskRow): Locale => query.locale ?? auth.user?.locale ?? task.lang;

  return {
    async getNda(auth: AuthContext, taskId: string, query: NdaQuery): Promise<Nda> {
      const task = await loadReadableTask(auth, taskId);
      const current = await ndaRepo.findCurrent(task.id);
      return toNda({ task, current, locale: localeOf(auth, query, task), acceptedAt: await acceptedAtOf(auth, task.id, current.version), canAccept: canAcceptNda(auth) });
    },

    /** Institutes only, by a person: acceptance binds the organisation, and is recorded once per version. */
    async accept(auth: AuthContext, taskId: string, { version, locale: readIn }: AcceptNdaBody): Promise<Nda> {
      const organisation = requireOrganisationKind(auth, 'institute');
      const user = requirePerson(auth);
      const task = await loadReadableTask(auth, taskId);
      const locale = localeOf(auth, { locale: readIn }, task);
      return db.transaction(async (tx) => {
        // Locked so an edit of the text cannot slip between the check and the acceptance.
        const current = await ndaRepo.lockCurrent(task.id, tx);
        if (version !== current.version) throw staleNdaVersion(current.version);
        const accepted = await ndaRepo.insertAcceptance({ taskId: task.id, version, organisationId: organisation.id, userId: user.id, locale }, tx);
        if (accepted) {
          await ndaRepo.recordAccess({ taskId: task.id, organisationId: organisation.id, userId: user.id, tokenId: null, action: 'nda.accept', subject: 'nda', ndaVersion: version }, tx);
          await auditRepo.record({ actor: auditActorOf(auth), organisationId: organisation.id, action: 'nda.accept', entityType: 'task', entityId: task.id, changes: { version, locale, standard: current.customText === null } }, tx);
        }
        const acceptedAt = accepted?.acceptedAt ?? (await ndaRepo.findAcceptance(task.id, organisation.id, version, tx))?.acceptedAt ?? null;
        return toNda({ task, current, locale, acceptedAt, canAccept: true });
      });
    },

    /** The enterprise sets its own text or returns to the standard one; a changed text is a new version. */
    async update(auth: AuthContext, taskId: string, body: UpdateNdaBody): Promise<Nda> {
      const query: NdaQuery = {};
      requireSignedIn(auth);
      const task = await loadReadableTask(auth, taskId);
      requireMemberOf(auth, task.organisationId);
      const customText = body.customText?.trim();
      if ((customText === undefined) === (body.useStandard === undefined)) {
        throw invalidInput('Send either customText or useStandard: true.', [{ path: '/customText', message: 'Send either customText or useStandard, not both or neither.' }]);
      }
      if (customText !== undefined && customText.length < NDA_CUSTOM_TEXT_MIN) {
        throw invalidInput('The NDA text is too short.', [{ path: '/customText', message: `At least ${NDA_CUSTOM_TEXT_MIN} characters.` }]);
      }
      const nextText = customText ?? null;
      return db.transaction(async (tx) => {
        const current = await ndaRepo.lockCurrent(task.id, tx);
        // Saving the same text again is not a new version: nobody has to accept it twice.
        if (current.customText === nextText) return toNda({ task, current, locale: localeOf(auth, query, task), acceptedAt: null, canAccept: false });
        const next = await ndaRepo.setText(task.id, { version: current.version + 1, customText: nextText, updatedByUserId: auth.user?.id ?? null }, tx);
        await auditRepo.record({
          actor: auditActorOf(auth), organisationId: task.organisationId, action: 'nda.update', entityType: 'task', entityId: task.id,
          changes: { fromVersion: current.version, toVersion: next.version, standard: nextText === null, customText: nextText },
        }, tx);
        return toNda({ task, current: next, locale: localeOf(auth, query, task), acceptedAt: null, canAccept: false });
      });
    },

    async listAccessLog(auth: AuthContext, taskId: string, query: AccessLogQuery): Promise<Page<AccessLogEntry>> {
      requireSignedIn(auth);
      const task = await loadReadableTask(auth, taskId);
      requireMemberOf(auth, task.organisationId);
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
      const { items, total } = await ndaRepo.listAccess(task.id, page, pageSize);
      return {
        page, pageSize, total,
        items: items.map(({ entry, organisationName, userFullName }) => ({
          id: entry.id,
          at: entry.at.toISOString(),
          action: entry.action,
          subject: entry.subject,
          ndaVersion: entry.ndaVersion,
          organisation: entry.organisationId && organisationName !== null ? { id: entry.organisationId, name: organisationName } : null,
          user: entry.userId && userFullName !== null ? { id: entry.userId, fullName: userFullName } : null,
          viaToken: entry.tokenId !== null,
        })),
      };
    },
  };
}
export type NdaService = ReturnType<typeof createNdaService>;
