import type { Db } from '../../db/database.ts';
import type { AuditEntryView, AuditQuery } from '../../../shared/schemas/admin.ts';
import { requireAdmin, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo } from './audit.repo.ts';

export function createAuditService({ db }: { db: Db }) {
  const auditRepo = createAuditRepo({ db });
  return {
    async list(auth: AuthContext, query: AuditQuery) {
      requireAdmin(auth);
      const page = await auditRepo.list(query);
      const items: AuditEntryView[] = page.items.map(({ entry, actorEmail }) => ({
        id: entry.id,
        at: entry.at.toISOString(),
        actorUserId: entry.actorUserId,
        actorEmail,
        actorTokenId: entry.actorTokenId,
        actorLabel: entry.actorLabel,
        organisationId: entry.organisationId,
        action: entry.action,
        entityType: entry.entityType,
        entityId: entry.entityId,
        changes: (entry.changes as Record<string, unknown> | null) ?? null,
      }));
      return { ...page, items };
    },
  };
}
