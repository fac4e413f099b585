import { AppError, notFound } from '../../errors.ts';

export const invitationNotFound = () => notFound('invitations.not_found', 'The invitation');
export const invitationExpired = () => new AppError(410, 'invitations.expired', 'This invitation has expired. Ask the organisation to invite you again.');
export const invitationUsed = () => new AppError(410, 'invitations.used', 'This invitation has already been used.');
export const invitationRevoked = () => new AppError(410, 'invitations.revoked', 'This invitation has been withdrawn by the organisation.');
export const invitationEmailMismatch = () =>
  new AppError(403, 'invitations.email_mismatch', 'This invitation was sent to another e-mail address. Sign in with that address, or sign out first.');
export const adminCannotJoin = () =>
  new AppError(403, 'invitations.admin_cannot_join', 'A platform administrator account cannot join an organisation.');
export const signInFirst = () =>
  new AppError(409, 'invitations.sign_in_first', 'An account with this e-mail already exists: sign in with it, then accept the invitation.');
export const accountDetailsRequired = () =>
  new AppError(400, 'invitations.account_details_required', 'To create your account, give your full name and a password.', [
    { path: '/fullName', message: 'required' },
    { path: '/password', message: 'required' },
  ]);
export const alreadyMember = () => new AppError(409, 'users.already_member', 'This account already belongs to an organisation.');
