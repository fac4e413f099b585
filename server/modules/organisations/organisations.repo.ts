import { and, asc, count, eq, ilike, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { pickColumns } from '../../db/columns.ts';
import { users } from '../users/users.table.ts';
import { memberships, organisations, type NewOrganisationRow, type OrganisationRow } from './organisations.table.ts';
import type { OrganisationQuery } from '../../../shared/schemas/organisations.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';

const DETAIL_COLUMNS = ['name', 'region', 'city', 'website'] as const;
export type OrganisationDetails = Partial<Pick<NewOrganisationRow, (typeof DETAIL_COLUMNS)[number]>>;

export function createOrganisationsRepo({ db }: { db: Db }) {
  return {
    async findById(id: string, tx: DbOrTx = db): Promise<OrganisationRow | null> {
      const [row] = await tx.select().from(organisations).where(eq(organisations.id, id)).limit(1);
      return row ?? null;
    },

    async findByBin(bin: string, tx: DbOrTx = db): Promise<OrganisationRow | null> {
      const [row] = await tx.select().from(organisations).where(eq(organisations.bin, bin)).limit(1);
      return row ?? null;
    },

    async findByExternalId(externalId: string, tx: DbOrTx = db): Promise<OrganisationRow | null> {
      const [row] = await tx.select().from(organisations).where(eq(organisations.externalId, externalId)).limit(1);
      return row ?? null;
    },

    async findByKindAndName(kind: OrganisationRow['kind'], name: string, tx: DbOrTx = db): Promise<OrganisationRow | null> {
      const [row] = await tx
        .select()
        .from(organisations)
        .where(and(eq(organisations.kind, kind), eq(organisations.name, name)))
        .limit(1);
      return row ?? null;
    },

    async insert(values: NewOrganisationRow, tx: DbOrTx = db): Promise<OrganisationRow> {
      const [row] = await tx.insert(organisations).values(values).returning();
      return row;
    },

    /** The details an owner edits; kind, BIN and external id are not among them. */
    async updateDetails(id: string, values: OrganisationDetails, tx: DbOrTx = db): Promise<OrganisationRow> {
      const [row] = await tx.update(organisations).set({ ...pickColumns(values, DETAIL_COLUMNS), updatedAt: new Date() }).where(eq(organisations.id, id)).returning();
      return row;
    },

    /** Imports may register the BIN of an organisation first known by name. */
    async setBin(id: string, bin: string, tx: DbOrTx = db) {
      await tx.update(organisations).set({ bin, updatedAt: new Date() }).where(eq(organisations.id, id));
    },

    async list(query: OrganisationQuery, tx: DbOrTx = db) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
      const conditions: SQL[] = [];
      if (query.kind) conditions.push(eq(organisations.kind, query.kind));
      if (query.q) conditions.push(ilike(organisations.name, `%${query.q}%`));
      const where = conditions.length ? and(...conditions) : undefined;
      const [items, [{ total }]] = await Promise.all([
        tx.select().from(organisations).where(where).orderBy(asc(organisations.name)).limit(pageSize).offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(organisations).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    async addMember(values: { userId: string; organisationId: string; role: 'owner' | 'member' }, tx: DbOrTx = db) {
      const [row] = await tx.insert(memberships).values(values).returning();
      return row;
    },

    async removeMember(organisationId: string, userId: string, tx: DbOrTx = db): Promise<boolean> {
      const removed = await tx
        .delete(memberships)
        .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
        .returning();
      return removed.length > 0;
    },

    async findMembershipOfUser(userId: string, tx: DbOrTx = db) {
      const [row] = await tx.select().from(memberships).where(eq(memberships.userId, userId)).limit(1);
      return row ?? null;
    },

    async listMembers(organisationId: string, tx: DbOrTx = db) {
      return tx
        .select({ userId: users.id, email: users.email, fullName: users.fullName, role: memberships.role, joinedAt: memberships.joinedAt })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(memberships.organisationId, organisationId))
        .orderBy(asc(memberships.joinedAt));
    },
  };
}
export type OrganisationsRepo = ReturnType<typeof createOrganisationsRepo>;
