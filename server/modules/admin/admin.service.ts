import type { Db } from '../../db/database.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AdminUser, AdminUserQuery, DisableUserBody } from '../../../shared/schemas/admin.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import type { UserRow } from '../users/users.table.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { auditActorOf, requireAdmin, type AuthContext } from '../auth/auth-context.ts';
import type { MembershipRow, OrganisationRow } from '../organisations/organisations.table.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

function toAdminUser(user: UserRow, membership: MembershipRow | null, organisation: OrganisationRow | null): AdminUser {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    isPlatformAdmin: user.isPlatformAdmin,
    createdAt: user.createdAt.toISOString(),
    disabledAt: iso(user.disabledAt),
    disabledReason: user.disabledReason,
    organisation: organisation && membership ? { id: organisation.id, kind: organisation.kind, name: organisation.name, role: membership.role } : null,
  };
}

export function createAdminService({ db }: { db: Db }) {
  const usersRepo = createUsersRepo({ db });
  const authRepo = createAuthRepo({ db });
  const auditRepo = createAuditRepo({ db });

  async function describe(id: string) {
    const row = await usersRepo.findWithOrganisation(id);
    if (!row) throw notFound('users.not_found', 'The account');
    return toAdminUser(row.user, row.membership, row.organisation);
  }

  return {
    async listUsers(auth: AuthContext, query: AdminUserQuery) {
      requireAdmin(auth);
      const page = await usersRepo.search(query);
      return { ...page, items: page.items.map((row) => toAdminUser(row.user, row.membership, row.organisation)) };
    },

    /** The account can no longer sign in; its sessions end now and its personal tokens stop working. */
    async disableUser(auth: AuthContext, id: string, body: DisableUserBody): Promise<AdminUser> {
      requireAdmin(auth);
      if (auth.user?.id === id) throw new AppError(409, 'users.cannot_disable_self', 'You cannot disable your own account.');
      const reason = body.reason.trim();
      const user = await db.transaction(async (tx) => {
        const existing = await usersRepo.findById(id, tx);
        if (!existing) throw notFound('users.not_found', 'The account');
        const row = await usersRepo.setDisabled(id, { disabledAt: existing.disabledAt ?? new Date(), disabledReason: reason }, tx);
        await authRepo.deleteSessionsOfUser(id, null, tx);
        await auditRepo.record({ actor: auditActorOf(auth), action: 'user.disable', entityType: 'user', entityId: id, changes: { reason } }, tx);
        return row;
      });
      return describe(user.id);
    },

    async enableUser(auth: AuthContext, id: string): Promise<AdminUser> {
      requireAdmin(auth);
      const user = await db.transaction(async (tx) => {
        const existing = await usersRepo.findById(id, tx);
        if (!existing) throw notFound('users.not_found', 'The account');
        const row = await usersRepo.setDisabled(id, { disabledAt: null, disabledReason: null }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), action: 'user.enable', entityType: 'user', entityId: id, changes: { wasDisabled: existing.disabledAt !== null } }, tx);
        return row;
      });
      return describe(user.id);
    },
  };
}
