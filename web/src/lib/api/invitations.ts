import type { Session } from '$shared/schemas/auth.ts';
import type { AcceptInvitationBody, InvitationPreview } from '$shared/schemas/invitations.ts';
import { http, setCsrfToken, type Fetch } from './http.ts';

const base = (token: string) => `/invitations/${encodeURIComponent(token)}`;

export const getInvitation = (token: string, fetch?: Fetch) => http.get<InvitationPreview>(base(token), { fetch });
export const acceptInvitation = (token: string, body: AcceptInvitationBody) =>
  http.post<Session>(`${base(token)}/accept`, { body }).then((session) => {
    setCsrfToken(session.csrfToken);
    return session;
  });
