import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { FileStorage } from '../../storage/storage.port.ts';
import type { PartnershipEvent, TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import type { PartnershipStatus, PartnershipViewerRole, PartySide } from '../../../shared/schemas/partnerships.ts';
import { auditActorOf, requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { createAuditRepo, type AuditActor } from '../audit/audit.repo.ts';
import { createNotificationsRepo, type NotificationRow } from '../alerts/notifications.repo.ts';
import type { NotificationsHub } from '../alerts/notifications.hub.ts';
import { eq } from 'drizzle-orm';
import { forbidden } from '../../errors.ts';
import { calls } from '../calls/calls.table.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { createPartnershipsRepo } from './partnerships.repo.ts';
import { invalidPartnershipTransition, partnershipClosed, partnershipNotFound } from './partnerships.errors.ts';

export interface PartnershipsDeps {
  db: Db;
  storage: FileStorage;
  maxUploadMb: number;
  /** KOPIR_AT_RISK_DAYS: whole days a milestone may be past due before the partnership is at risk. */
  atRiskDays: number;
  hub?: NotificationsHub;
  /** The clock: tests move it instead of waiting. */
  now?: () => Date;
}

export type Loaded = NonNullable<Awaited<ReturnType<ReturnType<typeof createPartnershipsRepo>['findWithParties']>>>;

/** Which party an organisation is; null for anyone else. */
export function sideOf(found: Loaded, organisationId: string | undefined): PartySide | null {
  if (!organisationId) return null;
  if (found.partnership.enterpriseOrganisationId === organisationId) return 'enterprise';
  if (found.partnership.instituteOrganisationId === organisationId) return 'institute';
  return null;
}

/** Parties see their own; program offices see all (read-mostly); platform admins see all. Others: nothing. */
export function viewerRoleOf(auth: AuthContext, found: Loaded): PartnershipViewerRole | null {
  const side = sideOf(found, auth.organisation?.id);
  if (side) return side;
  if (auth.organisation?.kind === 'program_office') return 'program_office';
  if (auth.isAdmin) return 'admin';
  return null;
}

export const isOpen = (status: PartnershipStatus) => status === 'active' || status === 'at_risk';

/** Whole days from `dueDate` to the UTC date of `at`; positive when past due. */
export function daysPastDue(dueDate: string, at: Date): number {
  const today = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  return Math.round((today - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
}

/** What every partnership service needs: loading with access checks, audit, notifications, status changes. */
export function createPartnershipsContext(deps: PartnershipsDeps) {
  const { db, hub } = deps;
  const now = deps.now ?? (() => new Date());
  const repo = createPartnershipsRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const notificationsRepo = createNotificationsRepo({ db });

  /** The partnership and how the caller sees it; a stranger gets 404, never a hint that it exists. */
  async function load(auth: AuthContext, id: string, tx: DbOrTx = db, forUpdate = false) {
    requireSignedIn(auth);
    const found = await repo.findWithParties(id, tx, forUpdate);
    const role = found ? viewerRoleOf(auth, found) : null;
    if (!found || !role) throw partnershipNotFound();
    return { found, role };
  }

  /**
   * Every program office reads every partnership, but changes only those it answers for: the ones its
   * own calls funded, and the others of its region (a national office, with no region, all the others).
   */
  async function officeManages(found: Loaded, organisationId: string | undefined, tx: DbOrTx = db): Promise<boolean> {
    if (!organisationId) return false;
    const { partnership } = found;
    if (partnership.callId) {
      const [call] = await tx.select({ programOfficeId: calls.programOfficeId }).from(calls).where(eq(calls.id, partnership.callId)).limit(1);
      return call?.programOfficeId === organisationId;
    }
    const [office] = await tx.select({ region: organisations.region }).from(organisations).where(eq(organisations.id, organisationId)).limit(1);
    return Boolean(office) && (office.region === null || office.region === partnership.region);
  }

  /** Like load, for a change: the caller must be one of `allowed`, the partnership still open. */
  async function loadForChange(auth: AuthContext, id: string, allowed: PartnershipViewerRole[], why: string, tx: DbOrTx, ownersOnly: PartnershipViewerRole[] = []) {
    const loaded = await load(auth, id, tx, true);
    if (!allowed.includes(loaded.role)) throw forbidden(why);
    if (loaded.role === 'program_office' && !(await officeManages(loaded.found, auth.organisation?.id, tx))) {
      throw forbidden("Only the program office whose call funded this partnership, or the office of its region, can change it; other offices follow it read-only.");
    }
    if (ownersOnly.includes(loaded.role) && auth.organisation?.role !== 'owner') throw forbidden(why);
    if (!isOpen(loaded.found.partnership.status)) throw partnershipClosed(loaded.found.partnership.status);
    return loaded;
  }

  async function audit(actor: AuditActor, organisationId: string | null, partnershipId: string, action: string, changes: Record<string, unknown>, tx: DbOrTx) {
    // Everything about a partnership is filed under it, so its page shows the whole trail in one query.
    await auditRepo.record({ actor, organisationId, action, entityType: 'partnership', entityId: partnershipId, changes }, tx);
  }

  /** Stored in the change's transaction; published live after it commits (see `publish`). */
  async function notifyParties(found: Loaded, event: PartnershipEvent, note: string | null, tx: DbOrTx, exceptOrganisationId?: string) {
    const { partnership } = found;
    const organisationIds = [partnership.enterpriseOrganisationId, partnership.instituteOrganisationId].filter((id): id is string => Boolean(id) && id !== exceptOrganisationId);
    const userIds = await repo.listMemberIds(organisationIds, tx);
    const payload: TaskMatchPayload = {
      taskId: partnership.taskId ?? partnership.id,
      title: partnership.title,
      organisationName: found.enterpriseName ?? found.instituteName,
      reason: { kind: 'partnership', event, partnershipId: partnership.id, note },
      link: `/partnerships/${partnership.id}`,
    };
    // One subject per event: notifications are unique per person, kind and subject.
    const subjectId = randomUUID();
    return notificationsRepo.insertNew(userIds.map((userId) => ({ userId, kind: 'partnership_update' as const, subjectId, payload })), tx);
  }

  const publish = (rows: NotificationRow[]) => {
    hub?.publishStored(rows);
  };

  /**
   * Moves the partnership to `to` with the audit row (before and after) and the parties' notification,
   * inside the caller's transaction. Compare-and-set: a concurrent change makes this a 409.
   */
  async function changeStatus(
    found: Loaded,
    to: PartnershipStatus,
    change: { action: string; note: string | null; atRiskSource?: 'auto' | 'manual' | null; actor: AuditActor; organisationId: string | null },
    tx: DbOrTx,
  ) {
    const { partnership } = found;
    const row = await repo.setStatus(partnership.id, partnership.status, { status: to, statusNote: change.note, atRiskSource: change.atRiskSource ?? null, at: now() }, tx);
    if (!row) throw invalidPartnershipTransition(partnership.status, change.action);
    await audit(change.actor, change.organisationId, partnership.id, `partnership.${change.action}`, {
      before: { status: partnership.status, statusNote: partnership.statusNote, atRiskSource: partnership.atRiskSource },
      after: { status: row.status, statusNote: row.statusNote, atRiskSource: row.atRiskSource },
    }, tx);
    return notifyParties(found, to, change.note, tx);
  }

  return { db, deps, now, repo, load, loadForChange, officeManages, audit, notifyParties, publish, changeStatus, actorOf: auditActorOf };
}
export type PartnershipsContext = ReturnType<typeof createPartnershipsContext>;
