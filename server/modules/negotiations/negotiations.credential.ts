import { sql, type SQL } from 'drizzle-orm';
import { sessions } from '../auth/sessions.table.ts';
import { users } from '../users/users.table.ts';
import { memberships } from '../organisations/organisations.table.ts';
import { apiTokens } from '../tokens/tokens.table.ts';
import { AppError } from '../../errors.ts';
import type { Db } from '../../db/database.ts';
import { rowsOf } from '../../db/rows.ts';
import type { AuthContext } from '../auth/auth-context.ts';

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

/** How long heartbeat checks gather before one statement answers them all. */
const CHECK_WINDOW_MS = 100;
const CHECK_BATCH_MAX = 1000;

/**
 * Answers, for many sockets at once, whether each one's credential still stands with the same
 * organisation and platform role, so that heartbeats of thousands of sockets cost a few statements
 * instead of one each (which, bunched, would queue the writes behind them). A socket whose answer is
 * no reads who is asking in full (and closes if the session ended).
 */
export function createCredentialChecker({ db, windowMs = CHECK_WINDOW_MS }: { db: Db; windowMs?: number }) {
  let pending: Array<{ credential: SocketCredential; auth: AuthContext; resolve(same: boolean): void; reject(error: unknown): void }> = [];
  let timer: NodeJS.Timeout | null = null;

  async function run(batch: typeof pending) {
    const input = batch.map(({ credential, auth }, i) => ({ i, kind: credential.kind, hash: credential.hash, organisation_id: auth.organisation?.id ?? null, is_admin: auth.isAdmin }));
    const rows = rowsOf<{ i: number; same: boolean }>(await db.execute(sql`
      select x.i, case x.kind
        when 'session' then exists (select 1 from ${sessions} s join ${users} u on u.id = s.user_id
          where s.token_hash = x.hash and s.expires_at > now() and u.disabled_at is null and u.is_platform_admin = x.is_admin
            and (x.organisation_id is null or exists (select 1 from ${memberships} m where m.user_id = u.id and m.organisation_id = x.organisation_id)))
        else exists (select 1 from ${apiTokens} t left join ${users} u on u.id = t.created_by_user_id
          where t.token_hash = x.hash and t.revoked_at is null and u.disabled_at is null and t.organisation_id is not distinct from x.organisation_id)
        end as same
      from jsonb_to_recordset(${JSON.stringify(input)}::jsonb) as x(i int, kind text, hash text, organisation_id uuid, is_admin boolean)`));
    const same = new Map(rows.map((row) => [Number(row.i), row.same]));
    batch.forEach((entry, i) => entry.resolve(same.get(i) === true));
  }

  function flush() {
    timer = null;
    const batch = pending.splice(0, CHECK_BATCH_MAX);
    if (pending.length) timer = setTimeout(flush, 0);
    run(batch).catch((error) => batch.forEach((entry) => entry.reject(error)));
  }

  return {
    stillStands(credential: SocketCredential, auth: AuthContext): Promise<boolean> {
      return new Promise((resolve, reject) => {
        pending.push({ credential, auth, resolve, reject });
        timer ??= setTimeout(flush, windowMs);
      });
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
export type CredentialChecker = ReturnType<typeof createCredentialChecker>;
