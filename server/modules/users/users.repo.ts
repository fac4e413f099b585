import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { pickColumns } from '../../db/columns.ts';
import { users, type NewUserRow, type UserRow } from './users.table.ts';

const PROFILE_COLUMNS = ['fullName', 'locale'] as const;

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

    /** What a person edits about themselves; e-mail, password and admin rights have their own paths. */
    async updateProfile(id: string, values: Partial<Pick<UserRow, 'fullName' | 'locale'>>, tx: DbOrTx = db) {
      const [row] = await tx.update(users).set({ ...pickColumns(values, PROFILE_COLUMNS), updatedAt: new Date() }).where(eq(users.id, id)).returning();
      return row;
    },

    /** Changing the address is its own path: the service checks the current password first. */
    async setEmail(id: string, email: string, tx: DbOrTx = db): Promise<UserRow> {
      const [row] = await tx.update(users).set({ email: normalizeEmail(email), updatedAt: new Date() }).where(eq(users.id, id)).returning();
      return row;
    },

    async setPasswordHash(id: string, passwordHash: string, tx: DbOrTx = db) {
      await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
