import { and, count, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { users } from '../users/users.table.ts';
import type { AuditQuery } from '../../../shared/schemas/admin.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';
import type { Db, DbOrTx } from '../../db/database.ts';
import { auditLog } from './audit.table.ts';

export interface AuditActor {
  userId: string | null;
  tokenId: string | null;
  /** For changes without a user or token: 'cli', 'import', 'seed'. */
  label: string | null;
}

export interface AuditEntry {
  actor: AuditActor;
  organisationId?: string | null;
  action: string;
  entityType: string;
  entityId: string;
  changes?: Record<string, unknown> | null;
}

export function createAuditRepo({ db }: { db: Db }) {
  return {
    /** Call inside the transaction of the change, so the log and the data never disagree. */
    async record(entry: AuditEntry, tx: DbOrTx = db) {
      await tx.insert(auditLog).values({
        actorUserId: entry.actor.userId,
        actorTokenId: entry.actor.tokenId,
        actorLabel: entry.actor.label,
        organisationId: entry.organisationId ?? null,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        changes: entry.changes ?? null,
      });
    },

    /** Newest first, with the acting person's e-mail (the id alone means nothing to a reader). */
    async list(query: AuditQuery, tx: DbOrTx = db) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
      const conditions: SQL[] = [];
      if (query.entityType) conditions.push(eq(auditLog.entityType, query.entityType));
      if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
      if (query.actorUserId) conditions.push(eq(auditLog.actorUserId, query.actorUserId));
      if (query.actorEmail) conditions.push(sql`${auditLog.actorUserId} in (select ${users.id} from ${users} where lower(${users.email}) = lower(${query.actorEmail}))`);
      if (query.action) conditions.push(eq(auditLog.action, query.action));
      if (query.from) conditions.push(gte(auditLog.at, new Date(query.from)));
      if (query.to) conditions.push(lte(auditLog.at, new Date(query.to)));
      const where = conditions.length ? and(...conditions) : undefined;
      const [items, [{ total }]] = await Promise.all([
        tx
          .select({ entry: auditLog, actorEmail: users.email })
          .from(auditLog)
          .leftJoin(users, eq(users.id, auditLog.actorUserId))
          .where(where)
          .orderBy(desc(auditLog.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        tx.select({ total: count() }).from(auditLog).where(where),
      ]);
      return { items, total, page, pageSize };
    },

    async listForEntity(entityType: string, entityId: string, tx: DbOrTx = db) {
      return tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, entityType), eq(auditLog.entityId, entityId)))
        .orderBy(desc(auditLog.id));
    },
  };
}
export type AuditRepo = ReturnType<typeof createAuditRepo>;
