import { desc, eq, and } from 'drizzle-orm';
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
