import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { users } from '../users/users.table.ts';
import { normalizeEmail } from '../users/users.repo.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { invitations, type InvitationRow } from './invitations.table.ts';

/** Still usable: neither accepted nor revoked, and not yet expired. */
const pending = (now: Date) => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

export function createInvitationsRepo({ db }: { db: Db }) {
  return {
    async insert(
      values: { organisationId: string; email: string; role: 'owner' | 'member'; tokenHash: string; invitedByUserId: string | null; expiresAt: Date },
      tx: DbOrTx = db,
    ): Promise<InvitationRow> {
      const [row] = await tx
        .insert(invitations)
        .values({
          organisationId: values.organisationId,
          email: normalizeEmail(values.email),
          role: values.role,
          tokenHash: values.tokenHash,
          invitedByUserId: values.invitedByUserId,
          expiresAt: values.expiresAt,
        })
        .returning();
      return row;
    },

    async findByTokenHash(tokenHash: string, tx: DbOrTx = db) {
      const [row] = await tx
        .select({ invitation: invitations, organisation: { id: organisations.id, name: organisations.name, kind: organisations.kind } })
        .from(invitations)
        .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
        .where(eq(invitations.tokenHash, tokenHash))
        .limit(1);
      return row ?? null;
    },

    async findPendingById(organisationId: string, id: string, tx: DbOrTx = db): Promise<InvitationRow | null> {
      const [row] = await tx
        .select()
        .from(invitations)
        .where(and(eq(invitations.id, id), eq(invitations.organisationId, organisationId), pending(new Date())))
        .limit(1);
      return row ?? null;
    },

    async listPending(organisationId: string, tx: DbOrTx = db) {
      return tx
        .select({ invitation: invitations, invitedBy: users.fullName })
        .from(invitations)
        .leftJoin(users, eq(users.id, invitations.invitedByUserId))
        .where(and(eq(invitations.organisationId, organisationId), pending(new Date())))
        .orderBy(asc(invitations.createdAt));
    },

    /** Revokes the pending invitations of one address to one organisation (a new one replaces them). */
    async revokePendingFor(organisationId: string, email: string, tx: DbOrTx = db): Promise<string[]> {
      const rows = await tx
        .update(invitations)
        .set({ revokedAt: new Date() })
        .where(and(eq(invitations.organisationId, organisationId), eq(invitations.email, normalizeEmail(email)), pending(new Date())))
        .returning({ id: invitations.id });
      return rows.map((row) => row.id);
    },

    async revoke(id: string, tx: DbOrTx = db): Promise<boolean> {
      const rows = await tx
        .update(invitations)
        .set({ revokedAt: new Date() })
        .where(and(eq(invitations.id, id), pending(new Date())))
        .returning({ id: invitations.id });
      return rows.length > 0;
    },

    /** Marks it used only if it is still pending, so two concurrent accepts cannot both succeed. */
    async markAccepted(id: string, userId: string, tx: DbOrTx = db): Promise<boolean> {
      const now = new Date();
      const rows = await tx
        .update(invitations)
        .set({ acceptedAt: now, acceptedByUserId: userId })
        .where(and(eq(invitations.id, id), pending(now)))
        .returning({ id: invitations.id });
      return rows.length > 0;
    },
  };
}
export type InvitationsRepo = ReturnType<typeof createInvitationsRepo>;
