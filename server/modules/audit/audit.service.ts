import type { Db } from '../../db/database.ts';
import type { AuditEntryView, AuditQuery } from '../../../shared/schemas/admin.ts';
import { requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { forbidden } from '../../errors.ts';
import { createAuditRepo } from './audit.repo.ts';

export function createAuditService({ db }: { db: Db }) {
  const auditRepo = createAuditRepo({ db });
  return {
    async list(auth: AuthContext, query: AuditQuery) {
      // Program managers follow every change to the partnerships they oversee; admins see everything too.
      requireSignedIn(auth);
      if (!auth.isAdmin && auth.organisation?.kind !== 'program_office') throw forbidden('Only program offices and administrators read the audit log.');
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
