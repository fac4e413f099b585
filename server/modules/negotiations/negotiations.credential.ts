import { sql, type SQL } from 'drizzle-orm';
import { sessions } from '../auth/sessions.table.ts';
import { users } from '../users/users.table.ts';
import { memberships } from '../organisations/organisations.table.ts';
import { apiTokens } from '../tokens/tokens.table.ts';
import { AppError } from '../../errors.ts';

/**
 * What a socket was opened with: the session cookie's or the bearer token's hash. A socket outlives
 * its handshake, so each write re-checks it inside the write's own statement (no extra round trip):
 * signed out, expired, disabled, revoked or no longer in the organisation → nothing is written.
 */
export type SocketCredential = { kind: 'session' | 'token'; hash: string };

/** SQL: the credential still stands and its holder still belongs to `organisationId`. */
export function credentialStands(credential: SocketCredential, organisationId: string): SQL {
  return credentialStandsSql(credential.kind, sql`${credential.hash}`, sql`${organisationId}::uuid`);
}

/** The same check over SQL expressions (a batch checks each row's own credential). */
export function credentialStandsSql(kind: SocketCredential['kind'], hash: SQL, organisationId: SQL): SQL {
  if (kind === 'session') {
    return sql`exists (select 1 from ${sessions} s join ${users} u on u.id = s.user_id join ${memberships} m on m.user_id = u.id
      where s.token_hash = ${hash} and s.expires_at > now() and u.disabled_at is null and m.organisation_id = ${organisationId})`;
  }
  // A token someone created stops with their account (tokens from the CLI have no creator).
  return sql`exists (select 1 from ${apiTokens} t left join ${users} u on u.id = t.created_by_user_id
    where t.token_hash = ${hash} and t.revoked_at is null and u.disabled_at is null and t.organisation_id = ${organisationId})`;
}

/** The socket's idea of who is asking is out of date: it reads it again, then closes or answers. */
export class CredentialChanged extends AppError {
  constructor() {
    super(401, 'auth.required', 'Your session changed: sign in again.');
  }
}
