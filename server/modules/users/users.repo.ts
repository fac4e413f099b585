import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { pickColumns } from '../../db/columns.ts';
import { users, type NewUserRow, type UserRow } from './users.table.ts';
import { memberships, organisations } from '../organisations/organisations.table.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';
import type { AdminUserQuery } from '../../../shared/schemas/admin.ts';

/** LIKE wildcards in a search are literal characters. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;

const PROFILE_COLUMNS = ['fullName', 'locale'] as const;

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const withOrganisation = (tx: DbOrTx) =>
  tx
    .select({ user: users, membership: memberships, organisation: organisations })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .leftJoin(organisations, eq(organisations.id, memberships.organisationId))
    .$dynamic();

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

    async findWithOrganisation(id: string, tx: DbOrTx = db) {
      const [row] = await withOrganisation(tx).where(eq(users.id, id)).limit(1);
      return row ?? null;
    },

    /** Accounts with their organisation, for administrators: newest first would hide old problems, so by e-mail. */
    async search(query: AdminUserQuery, tx: DbOrTx = db) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
      const conditions: SQL[] = [];
      const q = query.q?.trim();
      if (q) conditions.push(or(ilike(users.email, likePattern(q)), ilike(users.fullName, likePattern(q)))!);
      const where = conditions.length ? and(...conditions) : undefined;
      const [items, [{ total }]] = await Promise.all([
        withOrganisation(tx)
          .where(where)
          .orderBy(asc(users.email))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(users).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    /** Disabling (a date and a reason) or re-enabling (both null); only administrators call this. */
    async setDisabled(id: string, values: { disabledAt: Date | null; disabledReason: string | null }, tx: DbOrTx = db): Promise<UserRow> {
      const [row] = await tx
        .update(users)
        .set({ disabledAt: values.disabledAt, disabledReason: values.disabledReason, updatedAt: new Date() })
        .where(eq(users.id, id))
        .returning();
      return row;
    },

    async setPasswordHash(id: string, passwordHash: string, tx: DbOrTx = db) {
      await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, id));
    },
  };
}
export type UsersRepo = ReturnType<typeof createUsersRepo>;
