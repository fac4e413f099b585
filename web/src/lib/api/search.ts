import type {
  InstituteSearchQuery, InstituteSearchResult, TaskSearchQuery, TaskSearchResult,
} from '$shared/schemas/search.ts';
import { http, type Fetch } from './http.ts';

export interface SearchOptions {
  fetch?: Fetch;
  /** Aborts a request made stale by a newer one (search as you type). */
  signal?: AbortSignal;
}

export const searchTasks = (query: TaskSearchQuery, options: SearchOptions = {}) =>
  http.get<TaskSearchResult>('/search/tasks', { query, ...options });
export const searchInstitutes = (query: InstituteSearchQuery, options: SearchOptions = {}) =>
  http.get<InstituteSearchResult>('/search/institutes', { query, ...options });
