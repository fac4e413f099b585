import Type from 'typebox';
import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema } from '../../../shared/schemas/common.ts';
import { TaskAttachmentListSchema, TaskAttachmentParamsSchema, TaskAttachmentSchema } from '../../../shared/schemas/task-attachments.ts';
import { invalidInput } from '../../errors.ts';
import { createUploadsStorage } from '../../storage/local-disk.storage.ts';
import { sendPdfDownload } from '../../storage/pdf-files.ts';
import { createTaskAttachmentsService } from './task-attachments.service.ts';
import { firstUploadPart } from '../../storage/upload-part.ts';

const errors = {
  400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema, 413: ErrorResponseSchema, 415: ErrorResponseSchema,
};
const tags = ['tasks'];
const UPLOAD_FIELDS = ['confidential', 'file'];

export interface TaskAttachmentsRoutesOptions {
  dataDir: string;
  maxUploadMb: number;
}

/** The value of the text field `name` sent before the file, if any. */
function textField(part: MultipartFile, name: string): string | undefined {
  const field = part.fields[name];
  return field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : undefined;
}

/** A task's PDFs; mounted under /api/tasks. Confidential ones pass the NDA gate. */
export const taskAttachmentsRoutes: FastifyPluginAsyncTypebox<TaskAttachmentsRoutesOptions> = async (app, options) => {
  // Encapsulated like the proposals' one: only these routes parse multipart bodies.
  await app.register(multipart, { limits: { fileSize: options.maxUploadMb * 1024 * 1024, files: 1, fields: 2, parts: 3 } });
  const service = createTaskAttachmentsService({ db: app.db, storage: createUploadsStorage(options.dataDir), maxUploadMb: options.maxUploadMb });

  app.get('/:id/attachments', { schema: { tags, params: IdParamsSchema, response: { 200: TaskAttachmentListSchema, ...errors } } }, (request) =>
    service.list(request.auth, request.params.id),
  );

  // multipart/form-data: the field "confidential" ("true" or "false") first, then one PDF in "file".
  app.post(
    '/:id/attachments',
    {
      schema: {
        tags, consumes: ['multipart/form-data'], params: IdParamsSchema, response: { 201: TaskAttachmentSchema, ...errors },
        description: 'Upload one PDF as multipart/form-data: first the field "confidential" ("true" or "false"), then the file in the field "file".',
      },
    },
    async (request, reply) => {
      const part = await firstUploadPart(request);
      const unknown = part ? Object.keys(part.fields).filter((name) => !UPLOAD_FIELDS.includes(name)) : [];
      if (part && (unknown.length || part.fieldname !== 'file')) {
        part.file.resume();
        throw invalidInput(`Unknown multipart fields: ${unknown.join(', ')}.`, unknown.map((name) => ({ path: `/${name}`, message: 'is not a field of this upload' })));
      }
      const upload = { confidential: part ? textField(part, 'confidential') : undefined, file: part ? { fileName: part.filename, stream: part.file } : undefined };
      return reply.status(201).send(await service.add(request.auth, request.params.id, upload));
    },
  );

  app.get(
    '/:id/attachments/:attachmentId',
    { schema: { tags, params: TaskAttachmentParamsSchema, produces: ['application/pdf'], response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The PDF' }), ...errors } } },
    async (request, reply) => sendPdfDownload(reply, await service.open(request.auth, request.params.id, request.params.attachmentId)),
  );

  app.delete('/:id/attachments/:attachmentId', { schema: { tags, params: TaskAttachmentParamsSchema, response: { 200: Type.Object({ id: Type.String() }), ...errors } } }, (request) =>
    service.remove(request.auth, request.params.id, request.params.attachmentId),
  );
};
