import type { Static } from 'typebox';
import type { InstituteMatchesSchema, MatchQuery, TaskMatchesSchema } from '$shared/schemas/search.ts';
import { http, type Fetch } from './http.ts';

export type InstituteMatches = Static<typeof InstituteMatchesSchema>;
export type TaskMatches = Static<typeof TaskMatchesSchema>;

/** Institutes ranked for a task; explanation texts come in `query.locale`. */
export const getTaskMatches = (taskId: string, query: MatchQuery, fetch?: Fetch) =>
  http.get<InstituteMatches>(`/tasks/${encodeURIComponent(taskId)}/matches`, { query, fetch });
/** Open tasks ranked for an institute's profile. */
export const getInstituteMatches = (instituteId: string, query: MatchQuery, fetch?: Fetch) =>
  http.get<TaskMatches>(`/institutes/${encodeURIComponent(instituteId)}/matches`, { query, fetch });
