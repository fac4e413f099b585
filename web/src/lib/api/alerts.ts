import type { Static } from 'typebox';
import type {
  CreateSavedSearchBody, Notification, NotificationPage, NotificationQuery, ReadAllResultSchema, SavedSearch,
} from '$shared/schemas/alerts.ts';
import type { OkSchema } from '$shared/schemas/common.ts';
import { http, type Fetch } from './http.ts';

export const listSavedSearches = (fetch?: Fetch) => http.get<SavedSearch[]>('/saved-searches', { fetch });
export const createSavedSearch = (body: CreateSavedSearchBody) => http.post<SavedSearch>('/saved-searches', { body });
export const deleteSavedSearch = (id: string) => http.delete<Static<typeof OkSchema>>(`/saved-searches/${encodeURIComponent(id)}`);

export const listNotifications = (query: NotificationQuery = {}, fetch?: Fetch) =>
  http.get<NotificationPage>('/notifications', { query, fetch });
export const markNotificationRead = (id: string) => http.post<Notification>(`/notifications/${encodeURIComponent(id)}/read`);
export const markAllNotificationsRead = () => http.post<Static<typeof ReadAllResultSchema>>('/notifications/read-all');

/** The live channel's address on this origin (ws: or wss: to match the page). */
export function liveNotificationsUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/notifications/live`;
}
