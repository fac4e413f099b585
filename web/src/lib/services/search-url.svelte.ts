// The criteria of a search page, edited by the filters and the search box and mirrored in the URL.
// Each change waits for a quiet moment, then replaces the current history entry (typing must not
// fill the back button) with a real navigation, so the route's `load` runs the search and
// back/forward and reload all see the URL they show. (Kit's shallow `replaceState` would not do:
// coming back to such an entry re-runs `load` with the entry's *original* URL.)
import { goto } from '$app/navigation';
import { listHref } from '../filters.ts';
import { beginSearchNavigation } from './search.ts';

export const SEARCH_DEBOUNCE_MS = 200;

export class UrlQuery<Q extends { page?: number }> {
  current = $state() as Q;
  /** True from a change until its navigation starts (the debounce window). */
  pending = $state(false);
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #pathname: string;

  constructor(pathname: string, initial: Q) {
    this.#pathname = pathname;
    this.current = initial;
  }

  /** New criteria, back to page 1; the URL follows after `delay` ms without further changes. */
  set(next: Q, delay = 0): void {
    this.current = { ...next, page: undefined };
    clearTimeout(this.#timer);
    this.pending = true;
    this.#timer = setTimeout(() => this.flush(), delay);
  }

  /** Navigates now to the current criteria (Enter in the search box). */
  flush(): void {
    clearTimeout(this.#timer);
    this.pending = false;
    const href = listHref(this.#pathname, this.current);
    beginSearchNavigation(href);
    void goto(href, { replaceState: true, keepFocus: true, noScroll: true });
  }

  /** Runs the current search again (after "search unavailable"). */
  retry(): void {
    clearTimeout(this.#timer);
    this.pending = false;
    const href = listHref(this.#pathname, this.current);
    beginSearchNavigation(href);
    void goto(href, { replaceState: true, keepFocus: true, noScroll: true, invalidateAll: true });
  }

  /** Takes the criteria of a URL the user went to some other way (a link, back/forward, reload). */
  adopt(query: Q): void {
    clearTimeout(this.#timer);
    this.pending = false;
    this.current = query;
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
