import { pgTable, text, uuid, bigint, boolean, index } from 'drizzle-orm/pg-core';
import { primaryId, createdAt } from '../../db/columns.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { users } from '../users/users.table.ts';

/** PDFs an enterprise attached to its task; the bytes live in the storage under `storageKey`. */
export const taskAttachments = pgTable(
  'task_attachments',
  {
    id: primaryId(),
    taskId: uuid('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    /** Behind the task's NDA: listed and served only to the enterprise and institutes that accepted it. */
    confidential: boolean('confidential').notNull(),
    uploadedByUserId: uuid('uploaded_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (table) => [index('task_attachments_task_idx').on(table.taskId, table.createdAt)],
);
export type TaskAttachmentRow = typeof taskAttachments.$inferSelect;
