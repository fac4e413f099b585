import type { AdminUser, AdminUserQuery, AuditEntryView, AuditQuery, DisableUserBody } from '$shared/schemas/admin.ts';
import type { Page } from '$shared/schemas/common.ts';
import { http, type Fetch } from './http.ts';

const user = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

export const listUsers = (query: AdminUserQuery, fetch?: Fetch) => http.get<Page<AdminUser>>('/admin/users', { query, fetch });
export const disableUser = (id: string, body: DisableUserBody) => http.post<AdminUser>(`${user(id)}/disable`, { body });
export const enableUser = (id: string) => http.post<AdminUser>(`${user(id)}/enable`);
export const listAudit = (query: AuditQuery, fetch?: Fetch) => http.get<Page<AuditEntryView>>('/audit', { query, fetch });
