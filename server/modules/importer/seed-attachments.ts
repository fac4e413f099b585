import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import type { FileStorage } from '../../storage/storage.port.ts';
import { buildSimplePdf } from '../../storage/simple-pdf.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createTaskAttachmentsRepo } from '../task-attachments/task-attachments.repo.ts';
import { taskAttachments } from '../task-attachments/task-attachments.table.ts';

/** The confidential file of the demo NDA task: what an institute gets after accepting its NDA. */
export const DEMO_CONFIDENTIAL_FILE = 'slime-assays-2024.pdf';

const DEMO_PDF = () =>
  buildSimplePdf('Kopir demo - confidential: copper electrolyte slimes, assays 2024', [
    'Slime output 2024: 612 t (dry). Average content: Se 11.2 %, Te 0.9 %, Ag 14.6 %, Au 0.21 %.',
    'Moisture after filtration: 28-32 %. Samples of 5 kg available on request.',
    'Shared only with institutes that accepted the task NDA. Demo data, not real figures.',
  ]);

/** Idempotent: a task that already has the file keeps it. */
export async function seedDemoConfidentialFile(tx: Tx, storage: FileStorage, taskExternalId: string): Promise<boolean> {
  const task = await createTasksRepo({ db: tx }).findByExternalId(taskExternalId, tx);
  if (!task) return false;
  const [existing] = await tx
    .select({ id: taskAttachments.id })
    .from(taskAttachments)
    .where(and(eq(taskAttachments.taskId, task.id), eq(taskAttachments.fileName, DEMO_CONFIDENTIAL_FILE)))
    .limit(1);
  if (existing) return false;
  const id = randomUUID();
  const storageKey = `tasks/${task.id}/${id}`;
  const { sizeBytes } = await storage.put(storageKey, DEMO_PDF());
  await createTaskAttachmentsRepo({ db: tx }).insert({ id, taskId: task.id, fileName: DEMO_CONFIDENTIAL_FILE, sizeBytes, storageKey, confidential: true, uploadedByUserId: null }, tx);
  await createAuditRepo({ db: tx }).record({ actor: { userId: null, tokenId: null, label: 'seed' }, organisationId: task.organisationId, action: 'task.attach', entityType: 'task', entityId: task.id, changes: { attachmentId: id, fileName: DEMO_CONFIDENTIAL_FILE, sizeBytes, confidential: true } }, tx);
  return true;
}
