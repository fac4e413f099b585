import { and, eq, gt, isNull, lt, ne, or } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { sessions } from './sessions.table.ts';
import { users } from '../users/users.table.ts';
import { memberships, organisations } from '../organisations/organisations.table.ts';
import { apiTokens } from '../tokens/tokens.table.ts';
import type { AuthContext } from './auth-context.ts';

// Token use is recorded at most once a minute: a write per API call would dominate integrations.
const LAST_USED_RESOLUTION_MS = 60_000;

export function createAuthRepo({ db }: { db: Db }) {
  return {
    async createSession(values: { tokenHash: string; userId: string; expiresAt: Date }, tx: DbOrTx = db) {
      await tx.insert(sessions).values(values);
    },

    async deleteSession(tokenHash: string, tx: DbOrTx = db) {
      await tx.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    },

    /** Ends every session of the person, except the one named (the session making the change). */
    async deleteSessionsOfUser(userId: string, exceptTokenHash: string | null, tx: DbOrTx = db): Promise<number> {
      const condition = exceptTokenHash ? and(eq(sessions.userId, userId), ne(sessions.tokenHash, exceptTokenHash)) : eq(sessions.userId, userId);
      const deleted = await tx.delete(sessions).where(condition).returning({ tokenHash: sessions.tokenHash });
      return deleted.length;
    },

    async deleteExpiredSessions(tx: DbOrTx = db) {
      await tx.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    },

    async findSessionContext(tokenHash: string): Promise<AuthContext | null> {
      const [row] = await db
        .select({ user: users, membership: memberships, organisation: organisations })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .leftJoin(memberships, eq(memberships.userId, users.id))
        .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
        // A disabled account's sessions are deleted when it is disabled; this also covers a race with that.
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)))
        .limit(1);
      if (!row) return null;
      const { user, membership, organisation } = row;
      return {
        via: 'session',
        user: { id: user.id, email: user.email, fullName: user.fullName, locale: user.locale, isPlatformAdmin: user.isPlatformAdmin },
        organisation:
          organisation && membership
            ? { id: organisation.id, kind: organisation.kind, name: organisation.name, role: membership.role }
            : null,
        tokenId: null,
        isAdmin: user.isPlatformAdmin,
      };
    },

    async findTokenContext(tokenHash: string): Promise<AuthContext | null> {
      const [row] = await db
        .select({ token: apiTokens, organisation: organisations })
        .from(apiTokens)
        .leftJoin(organisations, eq(organisations.id, apiTokens.organisationId))
        // A token someone created stops working while their account is disabled (tokens from the CLI have no creator).
        .leftJoin(users, eq(users.id, apiTokens.createdByUserId))
        .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), isNull(users.disabledAt)))
        .limit(1);
      if (!row) return null;
      const { token, organisation } = row;
      const staleBefore = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
      await db
        .update(apiTokens)
        .set({ lastUsedAt: new Date() })
        .where(and(eq(apiTokens.id, token.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, staleBefore))));
      return {
        via: 'token',
        user: null,
        organisation: organisation ? { id: organisation.id, kind: organisation.kind, name: organisation.name, role: 'member' } : null,
        tokenId: token.id,
        isAdmin: token.role === 'admin',
      };
    },
  };
}
export type AuthRepo = ReturnType<typeof createAuthRepo>;
