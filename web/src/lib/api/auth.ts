import type { Static } from 'typebox';
import type {
  ChangeEmailBody,
  ChangePasswordBody,
  PasswordResetAccepted,
  PasswordResetConfirmBody,
  PasswordResetRequestBody,
  Session,
  SignInBody,
  SignUpBody,
  UpdateMeBody,
} from '$shared/schemas/auth.ts';
import type { OkSchema } from '$shared/schemas/common.ts';
import { http, setCsrfToken, type Fetch } from './http.ts';

function remember(session: Session): Session {
  setCsrfToken(session.csrfToken);
  return session;
}

export const getSession = (fetch?: Fetch) => http.get<Session>('/auth/session', { fetch }).then(remember);
export const signUp = (body: SignUpBody) => http.post<Session>('/auth/sign-up', { body }).then(remember);
export const signIn = (body: SignInBody) => http.post<Session>('/auth/sign-in', { body }).then(remember);
export const signOut = () => http.post<Static<typeof OkSchema>>('/auth/sign-out');
export const updateMe = (body: UpdateMeBody) => http.patch<Session>('/auth/me', { body }).then(remember);
export const changeEmail = (body: ChangeEmailBody) => http.post<Session>('/auth/me/email', { body }).then(remember);
export const changePassword = (body: ChangePasswordBody) => http.post<Static<typeof OkSchema>>('/auth/me/password', { body });
export const requestPasswordReset = (body: PasswordResetRequestBody) => http.post<PasswordResetAccepted>('/auth/password-reset', { body });
export const confirmPasswordReset = (body: PasswordResetConfirmBody) => http.post<Static<typeof OkSchema>>('/auth/password-reset/confirm', { body });
