import type { AcceptInvitationBody } from '$shared/schemas/invitations.ts';
import * as invitationsApi from '../api/invitations.ts';
import { session } from '../session.svelte.ts';

/** Joins the organisation; a newcomer's account and session come back in the answer. */
export async function acceptInvitation(token: string, body: AcceptInvitationBody): Promise<void> {
  session.set(await invitationsApi.acceptInvitation(token, body));
}
