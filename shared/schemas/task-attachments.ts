import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateTimeSchema } from './common.ts';

export const TASK_ATTACHMENTS_MAX = 20;

/** A PDF the enterprise attached to its task; confidential ones open only behind the task's NDA. */
export const TaskAttachmentSchema = Type.Object({
  id: IdSchema,
  fileName: Type.String(),
  sizeBytes: Type.Integer(),
  contentType: Type.Literal('application/pdf'),
  confidential: Type.Boolean(),
  createdAt: IsoDateTimeSchema,
});
export type TaskAttachment = Static<typeof TaskAttachmentSchema>;

export const TaskAttachmentListSchema = Type.Object({
  /** What the caller may open. */
  items: Type.Array(TaskAttachmentSchema),
  /** Confidential files the caller cannot see yet (their names stay hidden): accepting the NDA opens them. */
  lockedCount: Type.Integer({ minimum: 0 }),
});
export type TaskAttachmentList = Static<typeof TaskAttachmentListSchema>;

export const TaskAttachmentParamsSchema = Type.Object({ id: IdSchema, attachmentId: IdSchema });
export type TaskAttachmentParams = Static<typeof TaskAttachmentParamsSchema>;
