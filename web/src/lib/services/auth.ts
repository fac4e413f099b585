// Side effects of signing in and out and of choosing a language.
import type { Locale } from '$shared/constants.ts';
import type { ChangeEmailBody, ChangePasswordBody, PasswordResetConfirmBody, SignInBody, SignUpBody, UpdateMeBody } from '$shared/schemas/auth.ts';
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

export async function updateProfile(body: UpdateMeBody): Promise<void> {
  const result = await authApi.updateMe(body);
  session.set(result);
  if (body.locale) applyLocale(body.locale, true);
}

export async function changeEmail(body: ChangeEmailBody): Promise<void> {
  session.set(await authApi.changeEmail(body));
}

export async function changePassword(body: ChangePasswordBody): Promise<void> {
  await authApi.changePassword(body);
}

export async function requestPasswordReset(email: string): Promise<void> {
  // The form needs a CSRF token first: a visitor who lands here directly has only the session's.
  if (!session.loaded) await session.load();
  await authApi.requestPasswordReset({ email });
}

/** The server ends every session of the person, this one included. */
export async function confirmPasswordReset(body: PasswordResetConfirmBody): Promise<void> {
  await authApi.confirmPasswordReset(body);
  session.set(await authApi.getSession().catch(() => ({ user: null, organisation: null, csrfToken: null })));
}
