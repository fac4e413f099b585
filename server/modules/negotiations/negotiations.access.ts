import type { AuthContext } from '../auth/auth-context.ts';
import { isMemberOf, requireSignedIn } from '../auth/auth-context.ts';
import type { NegotiationSide } from '../../../shared/schemas/negotiations.ts';
import { negotiationNotFound, readOnly } from './negotiations.errors.ts';

interface Parties {
  enterpriseOrganisationId: string;
  instituteOrganisationId: string;
}

/** What the caller is to a room: a side (reads and writes), a reader (program office, admin), or nothing. */
export type RoomAccess = { side: NegotiationSide; canWrite: true } | { side: null; canWrite: false };

export function accessOf(auth: AuthContext, room: Parties): RoomAccess | null {
  if (isMemberOf(auth, room.enterpriseOrganisationId)) return { side: 'enterprise', canWrite: true };
  if (isMemberOf(auth, room.instituteOrganisationId)) return { side: 'institute', canWrite: true };
  // Program offices follow every co-financed negotiation, read-only; so do platform administrators.
  if (auth.isAdmin || auth.organisation?.kind === 'program_office') return { side: null, canWrite: false };
  return null;
}

/** A stranger organisation gets 404 (the room does not exist for it), a reader 403 on writes. */
export function requireReader(auth: AuthContext, room: Parties | null): RoomAccess {
  requireSignedIn(auth);
  const access = room ? accessOf(auth, room) : null;
  if (!access) throw negotiationNotFound();
  return access;
}

export function requireWriter(auth: AuthContext, room: Parties | null): { side: NegotiationSide } {
  const access = requireReader(auth, room);
  if (!access.canWrite) throw readOnly();
  return { side: access.side };
}

/** Who wrote an event, for idempotency: a person, or an API token (which has no person). */
export function authorKeyOf(auth: AuthContext): string {
  if (auth.user) return `user:${auth.user.id}`;
  return `token:${auth.tokenId}`;
}
