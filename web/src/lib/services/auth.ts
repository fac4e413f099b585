// Side effects of signing in and out and of choosing a language.
import type { Locale } from '$shared/constants.ts';
import type { SignInBody, SignUpBody } from '$shared/schemas/auth.ts';
import * as authApi from '../api/auth.ts';
import { applyLocale, storedLocale } from '../i18n.svelte.ts';
import { session } from '../session.svelte.ts';

export async function signIn(body: SignInBody): Promise<void> {
  const result = await authApi.signIn(body);
  session.set(result);
  const chosenHere = storedLocale();
  if (!result.user) return;
  if (chosenHere && chosenHere !== result.user.locale) {
    // The language picked on this device wins; keep the profile in step with it.
    await authApi.updateMe({ locale: chosenHere }).then((s) => session.set(s)).catch(() => undefined);
  } else if (!chosenHere) {
    applyLocale(result.user.locale, false);
  }
}

export async function signUp(body: SignUpBody): Promise<void> {
  session.set(await authApi.signUp(body));
}

export async function signOut(): Promise<void> {
  await authApi.signOut().catch(() => undefined);
  // A fresh anonymous session also brings a fresh CSRF token.
  session.set(await authApi.getSession().catch(() => ({ user: null, organisation: null, csrfToken: null })));
}

export async function changeLocale(locale: Locale): Promise<void> {
  applyLocale(locale, true);
  if (session.user && session.user.locale !== locale) {
    try {
      session.set(await authApi.updateMe({ locale }));
    } catch {
      // The interface has switched already; the profile catches up on the next change.
    }
  }
}
