import type { TaskSearchQuery } from '$shared/schemas/search.ts';
import type { SavedSearch } from '$shared/schemas/alerts.ts';
import * as alertsApi from '../api/alerts.ts';
import { compact } from '../filters.ts';

/** Saves the search as shown (without paging): new tasks it finds raise notifications. */
export function saveSearch(name: string, query: TaskSearchQuery): Promise<SavedSearch> {
  const { page: _page, pageSize: _pageSize, ...criteria } = query;
  return alertsApi.createSavedSearch({ name: name.trim(), query: compact(criteria) });
}

export const deleteSavedSearch = (id: string) => alertsApi.deleteSavedSearch(id);
