import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { pickColumns } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { instituteProfiles, type InstituteProfileRow } from './institutes.table.ts';
import type { InstituteQuery } from '../../../shared/schemas/institutes.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

const PROFILE_COLUMNS = ['lang', 'description', 'laboratories', 'pastProjects', 'publications', 'keywords', 'priorityAreas'] as const;
export type InstituteProfileChanges = Partial<Pick<InstituteProfileRow, (typeof PROFILE_COLUMNS)[number]>>;

export function createInstitutesRepo({ db }: { db: Db }) {
  const selectInstitutes = (tx: DbOrTx) =>
    tx
      .select({ organisation: organisations, profile: instituteProfiles })
      .from(organisations)
      .innerJoin(instituteProfiles, eq(instituteProfiles.organisationId, organisations.id));

  function buildFilters(query: InstituteQuery): SQL | undefined {
    const conditions: SQL[] = [eq(organisations.kind, 'institute')];
    if (query.priorityArea?.length) {
      conditions.push(sql`${instituteProfiles.priorityAreas} && ${sql.param(query.priorityArea)}::text[]`);
    }
    if (query.region?.length) conditions.push(inArray(organisations.region, query.region));
    if (query.lang?.length) conditions.push(inArray(instituteProfiles.lang, query.lang));
    if (query.accreditedOnly) conditions.push(sql`${instituteProfiles.laboratories} @> '[{"accredited": true}]'::jsonb`);
    if (query.q?.trim()) {
      const pattern = `%${escapeLike(query.q.trim())}%`;
      conditions.push(
        or(
          ilike(organisations.name, pattern),
          ilike(instituteProfiles.description, pattern),
          sql`array_to_string(${instituteProfiles.keywords}, ' ') ilike ${pattern}`,
        )!,
      );
    }
    return and(...conditions);
  }

  return {
    async findById(id: string, tx: DbOrTx = db) {
      const [row] = await selectInstitutes(tx).where(and(eq(organisations.id, id), eq(organisations.kind, 'institute'))).limit(1);
      return row ?? null;
    },

    async list(query: InstituteQuery, tx: DbOrTx = db) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
      const where = buildFilters(query);
      const [items, [{ total }]] = await Promise.all([
        selectInstitutes(tx).where(where).orderBy(asc(organisations.name)).limit(pageSize).offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(organisations).innerJoin(instituteProfiles, eq(instituteProfiles.organisationId, organisations.id)).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    async insertEmptyProfile(organisationId: string, tx: DbOrTx = db) {
      await tx.insert(instituteProfiles).values({ organisationId }).onConflictDoNothing();
    },

    async updateProfile(organisationId: string, values: InstituteProfileChanges, tx: DbOrTx = db) {
      const [row] = await tx
        .update(instituteProfiles)
        .set({ ...pickColumns(values, PROFILE_COLUMNS), updatedAt: new Date() })
        .where(eq(instituteProfiles.organisationId, organisationId))
        .returning();
      return row;
    },
  };
}
export type InstitutesRepo = ReturnType<typeof createInstitutesRepo>;
