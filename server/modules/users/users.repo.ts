import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { users, type NewUserRow, type UserRow } from './users.table.ts';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export function createUsersRepo({ db }: { db: Db }) {
  return {
    async findByEmail(email: string, tx: DbOrTx = db): Promise<UserRow | null> {
      const [row] = await tx.select().from(users).where(eq(users.email, normalizeEmail(email))).limit(1);
      return row ?? null;
    },

    async findById(id: string, tx: DbOrTx = db): Promise<UserRow | null> {
      const [row] = await tx.select().from(users).where(eq(users.id, id)).limit(1);
      return row ?? null;
    },

    async insert(values: NewUserRow, tx: DbOrTx = db): Promise<UserRow> {
      const [row] = await tx.insert(users).values({ ...values, email: normalizeEmail(values.email) }).returning();
      return row;
    },

    async update(id: string, values: Partial<Pick<UserRow, 'fullName' | 'locale' | 'passwordHash' | 'isPlatformAdmin'>>, tx: DbOrTx = db) {
      const [row] = await tx.update(users).set({ ...values, updatedAt: new Date() }).where(eq(users.id, id)).returning();
      return row;
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
