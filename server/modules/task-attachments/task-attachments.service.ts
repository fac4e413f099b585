import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/database.ts';
import type { FileStorage } from '../../storage/storage.port.ts';
import { storePdf, type IncomingFile } from '../../storage/pdf-files.ts';
import { forbidden } from '../../errors.ts';
import { TASK_ATTACHMENTS_MAX, type TaskAttachment, type TaskAttachmentList } from '../../../shared/schemas/task-attachments.ts';
import { auditActorOf, isMemberOf, requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { requireReadable } from '../tasks/tasks.service.ts';
import { closedTaskIsReadOnly } from '../tasks/tasks.errors.ts';
import type { TaskRow } from '../tasks/tasks.table.ts';
import { createNdaGate } from '../nda/nda.gate.ts';
import { createTaskAttachmentsRepo } from './task-attachments.repo.ts';
import type { TaskAttachmentRow } from './task-attachments.table.ts';
import {
  confidentialFlagRequired, taskAttachmentMissing, taskAttachmentNotFound, taskAttachmentNotPdf, taskAttachmentsLimit, taskAttachmentTooLarge,
} from './task-attachments.errors.ts';

export interface TaskAttachmentsDeps {
  db: Db;
  storage: FileStorage;
  /** Largest file (KOPIR_MAX_UPLOAD_MB). */
  maxUploadMb: number;
}

export interface TaskUpload {
  /** The multipart field `confidential` as sent: 'true' or 'false'; anything else (or nothing) is refused. */
  confidential: string | undefined;
  file: IncomingFile | undefined;
}

const toTaskAttachment = (row: TaskAttachmentRow): TaskAttachment => ({
  id: row.id, fileName: row.fileName, sizeBytes: row.sizeBytes, contentType: 'application/pdf', confidential: row.confidential, createdAt: row.createdAt.toISOString(),
});

export function createTaskAttachmentsService({ db, storage, maxUploadMb }: TaskAttachmentsDeps) {
  const repo = createTaskAttachmentsRepo({ db });
  const tasksRepo = createTasksRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const gate = createNdaGate({ db });

  async function loadReadable(auth: AuthContext, taskId: string): Promise<TaskRow> {
    return requireReadable(auth, await tasksRepo.findById(taskId)).task;
  }

  /** Only the task's own enterprise (its people and tokens) manages its files. */
  async function loadOwn(auth: AuthContext, taskId: string): Promise<TaskRow> {
    requireSignedIn(auth);
    const task = await loadReadable(auth, taskId);
    if (!isMemberOf(auth, task.organisationId)) throw forbidden("Only the task's enterprise manages its files.");
    if (task.status === 'closed') throw closedTaskIsReadOnly();
    return task;
  }

  return {
    /** Everything public; confidential files only for those the NDA gate lets in (the rest are only counted). */
    async list(auth: AuthContext, taskId: string): Promise<TaskAttachmentList> {
      const task = await loadReadable(auth, taskId);
      const rows = await repo.listByTask(task.id);
      const hasConfidential = rows.some((row) => row.confidential);
      const readable = hasConfidential && (await gate.decide(auth, task)).readable;
      const visible = rows.filter((row) => !row.confidential || readable);
      return { items: visible.map(toTaskAttachment), lockedCount: rows.length - visible.length };
    },

    /** Streams a PDF into storage for the task's enterprise; the flag is required, never assumed. */
    async add(auth: AuthContext, taskId: string, upload: TaskUpload): Promise<TaskAttachment> {
      const { file } = upload;
      try {
        const task = await loadOwn(auth, taskId);
        if (!file) throw taskAttachmentMissing();
        if (upload.confidential !== 'true' && upload.confidential !== 'false') throw confidentialFlagRequired();
        const confidential = upload.confidential === 'true';
        if ((await repo.countByTask(task.id)) >= TASK_ATTACHMENTS_MAX) throw taskAttachmentsLimit(TASK_ATTACHMENTS_MAX);
        const attachmentId = randomUUID();
        const storageKey = `tasks/${task.id}/${attachmentId}`;
        const { sizeBytes, fileName } = await storePdf(storage, storageKey, file, { notPdf: taskAttachmentNotPdf, tooLarge: () => taskAttachmentTooLarge(maxUploadMb) });
        try {
          const row = await db.transaction(async (tx) => {
            const inserted = await repo.insert({ id: attachmentId, taskId: task.id, fileName, sizeBytes, storageKey, confidential, uploadedByUserId: auth.user?.id ?? null }, tx);
            await auditRepo.record({ actor: auditActorOf(auth), organisationId: task.organisationId, action: 'task.attach', entityType: 'task', entityId: task.id, changes: { attachmentId, fileName, sizeBytes, confidential } }, tx);
            return inserted;
          });
          return toTaskAttachment(row);
        } catch (error) {
          await storage.delete(storageKey);
          throw error;
        }
      } finally {
        // Whatever happened, read the rest of the upload so the connection is left in a clean state.
        file?.stream.resume();
      }
    },

    /** A file for those who may see it; a confidential one is logged in the NDA access log before it leaves. */
    async open(auth: AuthContext, taskId: string, attachmentId: string) {
      const task = await loadReadable(auth, taskId);
      const attachment = await repo.find(task.id, attachmentId);
      if (!attachment) throw taskAttachmentNotFound();
      if (attachment.confidential && !(await gate.openConfidentialFile(auth, task, attachment))) throw taskAttachmentNotFound();
      const stream = await storage.get(attachment.storageKey);
      if (!stream) throw taskAttachmentNotFound();
      return { fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, stream };
    },

    async remove(auth: AuthContext, taskId: string, attachmentId: string): Promise<{ id: string }> {
      const task = await loadOwn(auth, taskId);
      const removed = await db.transaction(async (tx) => {
        const row = await repo.delete(task.id, attachmentId, tx);
        if (!row) throw taskAttachmentNotFound();
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: task.organisationId, action: 'task.detach', entityType: 'task', entityId: task.id, changes: { attachmentId, fileName: row.fileName, confidential: row.confidential } }, tx);
        return row;
      });
      // After the commit: a failed transaction keeps its file.
      await storage.delete(removed.storageKey);
      return { id: removed.id };
    },
  };
}
export type TaskAttachmentsService = ReturnType<typeof createTaskAttachmentsService>;
