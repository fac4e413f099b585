import { and, eq, gt, isNull, lt, or, isNotNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { passwordResets } from './password-resets.table.ts';

export function createPasswordResetsRepo({ db }: { db: Db }) {
  return {
    /** A new link supersedes the person's older, unused ones. */
    async replaceForUser(values: { userId: string; tokenHash: string; expiresAt: Date }, tx: DbOrTx = db) {
      const now = new Date();
      await tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.userId, values.userId), isNull(passwordResets.usedAt)));
      await tx.insert(passwordResets).values({ userId: values.userId, tokenHash: values.tokenHash, expiresAt: values.expiresAt });
    },

    /**
     * Marks a live link used and returns whose it was; null for an unknown, used or expired link.
     * One UPDATE … WHERE used_at IS NULL, so two requests racing with the same link cannot both win.
     */
    async consume(tokenHash: string, tx: DbOrTx = db): Promise<{ userId: string } | null> {
      const now = new Date();
      const [row] = await tx
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
        .returning({ userId: passwordResets.userId });
      return row ?? null;
    },

    /** Links that can no longer be used are kept a day for the record, then removed. */
    async deleteStale(before: Date, tx: DbOrTx = db) {
      await tx.delete(passwordResets).where(or(lt(passwordResets.expiresAt, before), and(isNotNull(passwordResets.usedAt), lt(passwordResets.usedAt, before))));
    },
  };
}
export type PasswordResetsRepo = ReturnType<typeof createPasswordResetsRepo>;
