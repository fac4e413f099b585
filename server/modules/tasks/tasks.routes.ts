import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema, PageOf } from '../../../shared/schemas/common.ts';
import {
  CreateTaskBodySchema, TaskQuerySchema, TaskSchema, TaskStatusChangeSchema, TaskSummarySchema, UpdateTaskBodySchema,
} from '../../../shared/schemas/tasks.ts';
import { createTasksService } from './tasks.service.ts';

const errors = { 400: ErrorResponseSchema, 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema, 422: ErrorResponseSchema };
const tags = ['tasks'];

export const tasksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const service = createTasksService({ db: app.db });

  app.get('/', { schema: { tags, querystring: TaskQuerySchema, response: { 200: PageOf(TaskSummarySchema), ...errors } } }, (request) =>
    service.listTasks(request.auth, request.query),
  );

  app.get('/:id', { schema: { tags, params: IdParamsSchema, response: { 200: TaskSchema, ...errors } } }, (request) =>
    service.getTask(request.auth, request.params.id),
  );

  app.post('/', { schema: { tags, body: CreateTaskBodySchema, response: { 201: TaskSchema, ...errors } } }, async (request, reply) =>
    reply.status(201).send(await service.createTask(request.auth, request.body)),
  );

  app.patch('/:id', { schema: { tags, params: IdParamsSchema, body: UpdateTaskBodySchema, response: { 200: TaskSchema, ...errors } } }, (request) =>
    service.updateTask(request.auth, request.params.id, request.body),
  );

  app.post('/:id/status', { schema: { tags, params: IdParamsSchema, body: TaskStatusChangeSchema, response: { 200: TaskSchema, ...errors } } }, (request) =>
    service.changeStatus(request.auth, request.params.id, request.body),
  );
};
