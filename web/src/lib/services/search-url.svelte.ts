// The criteria of a search page, edited by the filters and the search box and mirrored in the URL.
// Each change waits for a quiet moment, then replaces the current history entry (typing must not
// fill the back button) with a real navigation, so the route's `load` runs the search and
// back/forward and reload all see the URL they show. (Kit's shallow `replaceState` would not do:
// coming back to such an entry re-runs `load` with the entry's *original* URL.)
import { onDestroy, untrack } from 'svelte';
import { afterNavigate, goto } from '$app/navigation';
import { listHref } from '../filters.ts';
import { beginSearchNavigation } from './search.ts';

export const SEARCH_DEBOUNCE_MS = 200;

export class UrlQuery<Q extends { page?: number; q?: string }> {
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

  /** The search box's words, once typing pauses. */
  type(words: string): void {
    this.set({ ...this.current, q: words.trim() || undefined }, SEARCH_DEBOUNCE_MS);
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

/**
 * A search page's criteria and the words in its search box, kept in step with the URL. Call while
 * the page component initialises; `getQuery` reads the criteria its `load` parsed from the URL.
 */
export function createSearchPage<Q extends { page?: number; q?: string }>(pathname: string, getQuery: () => Q) {
  const search = new UrlQuery<Q>(pathname, untrack(getQuery));
  const box = $state({ text: untrack(getQuery).q ?? '' });
  onDestroy(() => search.dispose());
  // Links, back/forward and reloads bring their own criteria; our own navigations already match.
  afterNavigate((navigation) => {
    if (navigation.type === 'goto') return;
    const query = getQuery();
    search.adopt(query);
    box.text = query.q ?? '';
  });
  return { search, box };
}
