// A task's PDFs: the list (confidential ones only behind the NDA), downloads, and the enterprise's uploads.
import type { TaskAttachment, TaskAttachmentList } from '$shared/schemas/task-attachments.ts';
import { http, type Fetch } from './http.ts';
import { uploadFile, type UploadProgress } from './uploads.ts';

const base = (taskId: string) => `/tasks/${encodeURIComponent(taskId)}/attachments`;

export const listTaskAttachments = (taskId: string, fetch?: Fetch) => http.get<TaskAttachmentList>(base(taskId), { fetch });
export const deleteTaskAttachment = (taskId: string, attachmentId: string) => http.delete<{ id: string }>(`${base(taskId)}/${encodeURIComponent(attachmentId)}`);
export const taskAttachmentHref = (taskId: string, attachmentId: string) => `/api${base(taskId)}/${encodeURIComponent(attachmentId)}`;

/** The confidential flag goes first: the server reads it before it streams the file. */
export const uploadTaskAttachment = (taskId: string, file: File, confidential: boolean, onProgress: (progress: UploadProgress) => void, signal?: AbortSignal) =>
  uploadFile<TaskAttachment>(base(taskId), file, { fields: { confidential: String(confidential) }, onProgress, signal, tooLargeCode: 'task_attachments.too_large' });
