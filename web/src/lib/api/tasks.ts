import type { Static } from 'typebox';
import type { Page } from '$shared/schemas/common.ts';
import type {
  CreateTaskBody, Task, TaskQuery, TaskStatusChangeSchema, TaskSummary, UpdateTaskBody,
} from '$shared/schemas/tasks.ts';
import { http, type Fetch } from './http.ts';

export type TaskStatusChange = Static<typeof TaskStatusChangeSchema>['status'];

export const listTasks = (query: TaskQuery, fetch?: Fetch) => http.get<Page<TaskSummary>>('/tasks', { query, fetch });
export const getTask = (id: string, fetch?: Fetch) => http.get<Task>(`/tasks/${encodeURIComponent(id)}`, { fetch });
export const createTask = (body: CreateTaskBody) => http.post<Task>('/tasks', { body });
export const updateTask = (id: string, body: UpdateTaskBody) => http.patch<Task>(`/tasks/${encodeURIComponent(id)}`, { body });
export const changeTaskStatus = (id: string, status: TaskStatusChange, reason?: string) =>
  http.post<Task>(`/tasks/${encodeURIComponent(id)}/status`, { body: reason === undefined ? { status } : { status, reason } });
