// Turns API failures inside `load` functions into SvelteKit errors the error page can translate.
import { error, redirect } from '@sveltejs/kit';
import { isApiError } from './api/http.ts';
import { session } from './session.svelte.ts';

export function rethrowForPage(cause: unknown, url?: URL): never {
  if (isApiError(cause)) {
    if (cause.status === 401 && url) redirect(303, signInHref(url));
    const status = cause.status === 0 ? 503 : cause.status;
    error(status >= 400 ? status : 500, { message: cause.message, code: cause.code });
  }
  throw cause;
}

export const signInHref = (url: URL) => `/sign-in?next=${encodeURIComponent(url.pathname + url.search)}`;

/** Sends visitors to sign-in and back here afterwards. Call after `await parent()`. */
export function requireSignIn(url: URL): void {
  if (!session.signedIn) redirect(303, signInHref(url));
}
