import { desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import { apiTokens, type ApiTokenRow } from './tokens.table.ts';

export function createTokensRepo({ db }: { db: Db }) {
  return {
    async insert(values: typeof apiTokens.$inferInsert, tx: DbOrTx = db): Promise<ApiTokenRow> {
      const [row] = await tx.insert(apiTokens).values(values).returning();
      return row;
    },
    async findById(id: string, tx: DbOrTx = db): Promise<ApiTokenRow | null> {
      const [row] = await tx.select().from(apiTokens).where(eq(apiTokens.id, id)).limit(1);
      return row ?? null;
    },
    async list(organisationId: string | null, tx: DbOrTx = db) {
      const query = tx.select().from(apiTokens);
      return (organisationId ? query.where(eq(apiTokens.organisationId, organisationId)) : query).orderBy(desc(apiTokens.createdAt));
    },
    async revoke(id: string, tx: DbOrTx = db) {
      const [row] = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, id)).returning();
      return row;
    },
  };
}
