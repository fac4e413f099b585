import type { Page } from '$shared/schemas/common.ts';
import type { AcceptNdaBody, AccessLogEntry, AccessLogQuery, Nda, NdaQuery, UpdateNdaBody } from '$shared/schemas/nda.ts';
import { http, type Fetch } from './http.ts';

const base = (taskId: string) => `/tasks/${encodeURIComponent(taskId)}`;

export const getNda = (taskId: string, query: NdaQuery = {}, fetch?: Fetch) => http.get<Nda>(`${base(taskId)}/nda`, { query, fetch });
export const acceptNda = (taskId: string, body: AcceptNdaBody) => http.post<Nda>(`${base(taskId)}/nda/accept`, { body });
export const updateNda = (taskId: string, body: UpdateNdaBody) => http.put<Nda>(`${base(taskId)}/nda`, { body });
export const getAccessLog = (taskId: string, query: AccessLogQuery = {}, fetch?: Fetch) =>
  http.get<Page<AccessLogEntry>>(`${base(taskId)}/access-log`, { query, fetch });
