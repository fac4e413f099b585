import type { Db, DbOrTx } from '../../db/database.ts';
import { AppError, invalidInput, notFound } from '../../errors.ts';
import { isValidBin } from '../../../shared/bin.ts';
import type {
  CreateOrganisationBody, Organisation, OrganisationQuery, UpdateOrganisationBody,
} from '../../../shared/schemas/organisations.ts';
import type { Region } from '../../../shared/constants.ts';
import { createOrganisationsRepo } from './organisations.repo.ts';
import type { OrganisationRow } from './organisations.table.ts';
import { createAuditRepo, type AuditActor } from '../audit/audit.repo.ts';
import { createInstitutesRepo } from '../institutes/institutes.repo.ts';
import { createOutboxRepo } from '../search/outbox.repo.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { eq } from 'drizzle-orm';
import { auditActorOf, requireAdmin, requireMemberOf, requireOwnerOf, type AuthContext } from '../auth/auth-context.ts';

export function toOrganisation(row: OrganisationRow): Organisation {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    bin: row.bin,
    externalId: row.externalId,
    region: row.region as Region | null,
    city: row.city,
    website: row.website,
    createdAt: row.createdAt.toISOString(),
  };
}

export function createOrganisationsService({ db }: { db: Db }) {
  const organisationsRepo = createOrganisationsRepo({ db });
  const institutesRepo = createInstitutesRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const outbox = createOutboxRepo({ db });

  /** An organisation's name and region appear in its institute document and in its tasks' documents. */
  async function enqueueSearchDocuments(organisation: OrganisationRow, tx: DbOrTx) {
    if (organisation.kind === 'institute') await outbox.enqueue('institute', [organisation.id], tx);
    const taskIds = await tx.select({ id: tasks.id }).from(tasks).where(eq(tasks.organisationId, organisation.id));
    await outbox.enqueue('task', taskIds.map((task) => task.id), tx);
  }

  async function requireOrganisation(id: string, tx: DbOrTx = db) {
    const organisation = await organisationsRepo.findById(id, tx);
    if (!organisation) throw notFound('organisations.not_found', 'The organisation');
    return organisation;
  }

  /** Creates the organisation (and an empty profile for institutes) inside the caller's transaction. */
  async function insertOrganisation(tx: DbOrTx, body: CreateOrganisationBody & { externalId?: string | null }, actor: AuditActor) {
    if (!isValidBin(body.bin)) {
      throw invalidInput('The BIN is not valid: its control digit does not match.', [{ path: '/bin', message: 'control digit mismatch' }]);
    }
    if (await organisationsRepo.findByBin(body.bin, tx)) {
      throw new AppError(409, 'organisations.bin_taken', 'An organisation with this BIN is already registered. Ask its owner to add you.');
    }
    const organisation = await organisationsRepo.insert(
      { kind: body.kind, name: body.name.trim(), bin: body.bin, region: body.region ?? null, city: body.city ?? null, website: body.website ?? null, externalId: body.externalId ?? null },
      tx,
    );
    if (organisation.kind === 'institute') {
      await institutesRepo.insertEmptyProfile(organisation.id, tx);
      await outbox.enqueue('institute', [organisation.id], tx);
    }
    await auditRepo.record(
      { actor, organisationId: organisation.id, action: 'organisation.create', entityType: 'organisation', entityId: organisation.id, changes: { ...body } },
      tx,
    );
    return organisation;
  }

  return {
    requireOrganisation,
    insertOrganisation,

    /**
     * Public: name, kind, BIN (Kazakhstan's business register is public), region, website. The
     * importer's externalId is the organisation's own and the admins' bookkeeping: hidden from others.
     */
    async getOrganisation(auth: AuthContext, id: string): Promise<Organisation> {
      const organisation = toOrganisation(await requireOrganisation(id));
      const insider = auth.isAdmin || auth.organisation?.id === organisation.id;
      return insider ? organisation : { ...organisation, externalId: null };
    },

    async listOrganisations(auth: AuthContext, query: OrganisationQuery) {
      requireAdmin(auth);
      const page = await organisationsRepo.list(query);
      return { ...page, items: page.items.map(toOrganisation) };
    },

    async createOrganisation(auth: AuthContext, body: CreateOrganisationBody): Promise<Organisation> {
      requireAdmin(auth);
      return toOrganisation(await db.transaction((tx) => insertOrganisation(tx, body, auditActorOf(auth))));
    },

    async updateOrganisation(auth: AuthContext, id: string, body: UpdateOrganisationBody): Promise<Organisation> {
      await requireOrganisation(id);
      requireOwnerOf(auth, id);
      return db.transaction(async (tx) => {
        const row = await organisationsRepo.updateDetails(id, { name: body.name?.trim(), region: body.region, city: body.city, website: body.website }, tx);
        await enqueueSearchDocuments(row, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: id, action: 'organisation.update', entityType: 'organisation', entityId: id, changes: body }, tx);
        return toOrganisation(row);
      });
    },

    async listMembers(auth: AuthContext, id: string) {
      await requireOrganisation(id);
      requireMemberOf(auth, id);
      const members = await organisationsRepo.listMembers(id);
      return members.map((member) => ({ ...member, joinedAt: member.joinedAt.toISOString() }));
    },

    async removeMember(auth: AuthContext, id: string, userId: string) {
      await requireOrganisation(id);
      requireOwnerOf(auth, id);
      await db.transaction(async (tx) => {
        const members = await organisationsRepo.listMembers(id, tx);
        const target = members.find((member) => member.userId === userId);
        if (!target) throw notFound('not_found', 'The member');
        if (target.role === 'owner' && members.filter((member) => member.role === 'owner').length === 1) {
          throw new AppError(409, 'organisations.last_owner', 'The last owner cannot be removed: make someone else an owner first.');
        }
        await organisationsRepo.removeMember(id, userId, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: id, action: 'organisation.member_remove', entityType: 'organisation', entityId: id, changes: { userId } }, tx);
      });
    },
  };
}
export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
