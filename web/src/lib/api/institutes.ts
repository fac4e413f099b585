import type { Page } from '$shared/schemas/common.ts';
import type { Institute, InstituteQuery, InstituteSummary, UpdateInstituteBody } from '$shared/schemas/institutes.ts';
import { http, type Fetch } from './http.ts';

export const listInstitutes = (query: InstituteQuery, fetch?: Fetch) =>
  http.get<Page<InstituteSummary>>('/institutes', { query, fetch });
export const getInstitute = (id: string, fetch?: Fetch) => http.get<Institute>(`/institutes/${encodeURIComponent(id)}`, { fetch });
export const updateInstitute = (id: string, body: UpdateInstituteBody) =>
  http.patch<Institute>(`/institutes/${encodeURIComponent(id)}`, { body });
