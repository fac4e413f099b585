import { and, asc, count, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { taskAttachments, type TaskAttachmentRow } from './task-attachments.table.ts';

export interface NewTaskAttachment {
  id: string;
  taskId: string;
  fileName: string;
  sizeBytes: number;
  storageKey: string;
  confidential: boolean;
  uploadedByUserId: string | null;
}

export function createTaskAttachmentsRepo({ db }: { db: Db }) {
  return {
    async listByTask(taskId: string, tx: DbOrTx = db): Promise<TaskAttachmentRow[]> {
      return tx.select().from(taskAttachments).where(eq(taskAttachments.taskId, taskId)).orderBy(asc(taskAttachments.createdAt), asc(taskAttachments.id));
    },

    async countByTask(taskId: string, tx: DbOrTx = db): Promise<number> {
      const [{ total }] = await tx.select({ total: count() }).from(taskAttachments).where(eq(taskAttachments.taskId, taskId));
      return total;
    },

    /** Whether the task has a confidential part made of files (the NDA gate asks). */
    async hasConfidential(taskId: string, tx: DbOrTx = db): Promise<boolean> {
      const [row] = await tx
        .select({ id: taskAttachments.id })
        .from(taskAttachments)
        .where(and(eq(taskAttachments.taskId, taskId), eq(taskAttachments.confidential, true)))
        .limit(1);
      return row !== undefined;
    },

    async find(taskId: string, attachmentId: string, tx: DbOrTx = db): Promise<TaskAttachmentRow | null> {
      const [row] = await tx
        .select()
        .from(taskAttachments)
        .where(and(eq(taskAttachments.id, attachmentId), eq(taskAttachments.taskId, taskId)))
        .limit(1);
      return row ?? null;
    },

    async insert(values: NewTaskAttachment, tx: DbOrTx = db): Promise<TaskAttachmentRow> {
      const [row] = await tx
        .insert(taskAttachments)
        .values({
          id: values.id,
          taskId: values.taskId,
          fileName: values.fileName,
          sizeBytes: values.sizeBytes,
          storageKey: values.storageKey,
          confidential: values.confidential,
          uploadedByUserId: values.uploadedByUserId,
        })
        .returning();
      return row;
    },

    async delete(taskId: string, attachmentId: string, tx: DbOrTx = db): Promise<TaskAttachmentRow | null> {
      const [row] = await tx.delete(taskAttachments).where(and(eq(taskAttachments.id, attachmentId), eq(taskAttachments.taskId, taskId))).returning();
      return row ?? null;
    },
  };
}
export type TaskAttachmentsRepo = ReturnType<typeof createTaskAttachmentsRepo>;
