import type { Locale, MemberRole, OrgKind } from '../../../shared/constants.ts';
import { authRequired, forbidden } from '../../errors.ts';

/** Who is asking: a signed-in person, an API token acting for an organisation or as admin, or nobody. */
export interface AuthContext {
  via: 'session' | 'token' | null;
  user: { id: string; email: string; fullName: string; locale: Locale; isPlatformAdmin: boolean } | null;
  organisation: { id: string; kind: OrgKind; name: string; role: MemberRole } | null;
  tokenId: string | null;
  isAdmin: boolean;
}

export const ANONYMOUS: AuthContext = Object.freeze({ via: null, user: null, organisation: null, tokenId: null, isAdmin: false });

export const isSignedIn = (auth: AuthContext) => auth.via !== null;

export function requireSignedIn(auth: AuthContext): void {
  if (!isSignedIn(auth)) throw authRequired();
}

export function requireAdmin(auth: AuthContext): void {
  requireSignedIn(auth);
  if (!auth.isAdmin) throw forbidden('Only platform administrators can do this.');
}

/** A signed-in person: API tokens act for organisations, and personal things (alerts, inbox) need a person. */
export function requirePerson(auth: AuthContext): NonNullable<AuthContext['user']> {
  requireSignedIn(auth);
  if (!auth.user) throw forbidden('This belongs to a person: sign in rather than using an API token.');
  return auth.user;
}

/** The caller's organisation, which must be of one of these kinds. */
export function requireOrganisationKind(auth: AuthContext, ...kinds: OrgKind[]): NonNullable<AuthContext['organisation']> {
  requireSignedIn(auth);
  if (!auth.organisation || !kinds.includes(auth.organisation.kind)) {
    throw forbidden(`Only members of an organisation of kind ${kinds.join(' or ')} can do this.`);
  }
  return auth.organisation;
}

export const isMemberOf = (auth: AuthContext, organisationId: string) => auth.organisation?.id === organisationId;

/** Members of the organisation, or admins. */
export function requireMemberOf(auth: AuthContext, organisationId: string): void {
  requireSignedIn(auth);
  if (!auth.isAdmin && !isMemberOf(auth, organisationId)) throw forbidden('Only members of this organisation can do this.');
}

/** Owners of the organisation, or admins. */
export function requireOwnerOf(auth: AuthContext, organisationId: string, why = 'Only owners of this organisation can do this.'): void {
  requireSignedIn(auth);
  if (auth.isAdmin) return;
  if (!isMemberOf(auth, organisationId) || auth.organisation?.role !== 'owner') {
    throw forbidden(why);
  }
}

/** Who the audit log names for a change. */
export function auditActorOf(auth: AuthContext) {
  return { userId: auth.user?.id ?? null, tokenId: auth.tokenId, label: null };
}
