import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { FileStorage } from '../../storage/storage.port.ts';
import { invalidInput, notFound } from '../../errors.ts';
import type { Locale } from '../../../shared/constants.ts';
import type { NotificationKind, TaskMatchPayload } from '../../../shared/schemas/alerts.ts';
import type { InstituteMatch, MatchQuery } from '../../../shared/schemas/search.ts';
import {
  COFINANCING_SOURCES, PROPOSAL_ATTACHMENTS_MAX, PROPOSAL_STATUSES, type CompareProposalsQuery, type CreateProposalBody,
  type DeclineProposalBody, type Proposal, type ProposalAttachment, type ProposalComparison, type ProposalListQuery, type ProposalPage,
  type ProposalStatus, type ProposalSummary, type TaskProposalsQuery, type UpdateProposalBody, type WithdrawProposalBody,
} from '../../../shared/schemas/proposals.ts';
import { auditActorOf, isMemberOf, requireOrganisationKind, requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { forbidden } from '../../errors.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { canRead } from '../tasks/tasks.service.ts';
import { createNotificationsRepo, type NotificationRow } from '../alerts/notifications.repo.ts';
import type { NotificationsHub } from '../alerts/notifications.hub.ts';
import { storePdf, type IncomingFile } from '../../storage/pdf-files.ts';
import { toAttachment } from './proposals.files.ts';
import { createProposalsRepo, type ProposalScope, type ProposalWithParties } from './proposals.repo.ts';
import type { ProposalRow } from './proposals.table.ts';
import {
  attachmentMissing, attachmentNotFound, attachmentNotPdf, attachmentsLimit, attachmentTooLarge, invalidProposalTransition, noteRequired,
  onlyDraftsAreEditable, proposalNotFound, taskNotOpen,
} from './proposals.errors.ts';
import {
  canTransition, checkProposalConsistency, checkReadyToSubmit, enterpriseSharePercent, isOverdue, overdueCutoff, VISIBLE_TO_ENTERPRISE,
  wholeDaysBetween, type ProposalFields,
} from './proposals.rules.ts';
import { requireCallAcceptsChanges } from '../calls/calls.gate.ts';
import { decidedByCouncil } from '../calls/calls.errors.ts';
import { createNegotiationEnding, type NegotiationEndingDeps } from '../negotiations/negotiations.ending.ts';

export interface ProposalsDeps {
  db: Db;
  storage: FileStorage;
  /** Days a submitted proposal may wait for a decision (KOPIR_PROPOSAL_RESPONSE_DAYS). */
  responseDays: number;
  /** Largest attachment (KOPIR_MAX_UPLOAD_MB). */
  maxUploadMb: number;
  /** Live delivery of new notifications; they are stored (and e-mailed in digests) either way. */
  hub?: NotificationsHub;
  /** The matching engine, for "why it fits" in comparisons; absent means no match data. */
  matchInstitutesForTask?: (auth: AuthContext, taskId: string, query: MatchQuery & { locale: Locale }) => Promise<{ matches: InstituteMatch[] }>;
  /** Live delivery of the `ended` event when a proposal leaves its negotiation room; it is stored either way. */
  liveRoomEvents?: NegotiationEndingDeps['live'];
  /** The clock: tests move it instead of sleeping. */
  now?: () => Date;
}

/** `program_office`: read-only, submitted and later stages, without the PDFs (they may quote a task's confidential part). */
type Role = 'institute' | 'enterprise' | 'admin' | 'program_office';

const OVERDUE_BATCH = 200;

function fieldsOf(row: Pick<ProposalRow, 'title' | 'summary' | 'approach' | 'team' | 'milestones' | 'totalBudgetKzt' | 'cofinancing' | 'trlStart' | 'trlEnd'>): ProposalFields {
  return {
    title: row.title, summary: row.summary, approach: row.approach, team: row.team, milestones: row.milestones,
    totalBudgetKzt: row.totalBudgetKzt, cofinancing: row.cofinancing, trlStart: row.trlStart, trlEnd: row.trlEnd,
  };
}

export function createProposalsService({ db, storage, responseDays, maxUploadMb, hub, matchInstitutesForTask, liveRoomEvents, now = () => new Date() }: ProposalsDeps) {
  const repo = createProposalsRepo({ db });
  const tasksRepo = createTasksRepo({ db });
  const auditRepo = createAuditRepo({ db });
  const notificationsRepo = createNotificationsRepo({ db });
  const negotiationEnding = createNegotiationEnding({ db, live: liveRoomEvents, now });

  function common(found: ProposalWithParties, at: Date) {
    const { proposal } = found;
    return {
      id: proposal.id,
      status: proposal.status,
      task: { id: found.task.id, title: found.task.title, organisation: { id: found.task.organisationId, name: found.enterpriseName }, cofinancingPercent: found.task.cofinancingPercent },
      institute: { id: proposal.organisationId, name: found.instituteName },
      callId: proposal.callId,
      title: proposal.title,
      totalBudgetKzt: proposal.totalBudgetKzt,
      trlStart: proposal.trlStart,
      trlEnd: proposal.trlEnd,
      stageAgeDays: wholeDaysBetween(proposal.statusChangedAt, at),
      overdue: isOverdue(proposal, at, responseDays),
    };
  }

  function toSummary(found: ProposalWithParties, at: Date): ProposalSummary {
    const { proposal } = found;
    return {
      ...common(found, at),
      declineReasonCode: proposal.declineReasonCode,
      declineNote: proposal.declineNote,
      withdrawNote: proposal.withdrawNote,
      createdAt: proposal.createdAt.toISOString(),
      updatedAt: proposal.updatedAt.toISOString(),
      submittedAt: proposal.submittedAt?.toISOString() ?? null,
      statusChangedAt: proposal.statusChangedAt.toISOString(),
      teamSize: proposal.team.length,
      milestoneCount: proposal.milestones.length,
    };
  }

  async function toProposal(found: ProposalWithParties, tx: DbOrTx = db, withAttachments = true): Promise<Proposal> {
    const { proposal } = found;
    const { teamSize: _teamSize, milestoneCount: _milestoneCount, ...summary } = toSummary(found, now());
    const attachments = withAttachments ? await repo.listAttachments([proposal.id], tx) : [];
    return {
      ...summary,
      summary: proposal.summary,
      approach: proposal.approach,
      team: proposal.team,
      milestones: proposal.milestones,
      cofinancing: proposal.cofinancing,
      enterpriseSharePercent: enterpriseSharePercent(proposal),
      attachments: attachments.map(toAttachment),
    };
  }

  /** What the caller is to this proposal; a stranger (and an enterprise looking at a draft) gets 404. */
  function roleOf(auth: AuthContext, found: ProposalWithParties): Role | null {
    if (isMemberOf(auth, found.proposal.organisationId)) return 'institute';
    if (isMemberOf(auth, found.task.organisationId) && VISIBLE_TO_ENTERPRISE.includes(found.proposal.status)) return 'enterprise';
    if (auth.isAdmin) return 'admin';
    if (auth.organisation?.kind === 'program_office' && VISIBLE_TO_ENTERPRISE.includes(found.proposal.status)) return 'program_office';
    return null;
  }

  async function loadAs(auth: AuthContext, id: string, allowed: Role[], tx: DbOrTx = db) {
    requireSignedIn(auth);
    const found = await repo.findById(id, tx);
    const role = found ? roleOf(auth, found) : null;
    if (!found || !role) throw proposalNotFound();
    if (!allowed.includes(role)) {
      throw forbidden(allowed.includes('institute') ? 'Only the proposing institute can do this.' : "Only the task's enterprise can do this.");
    }
    return found;
  }

  /** Notifications for every member of an organisation, stored in the transaction of the change. */
  async function notifyMembers(organisationId: string, kind: NotificationKind, found: ProposalWithParties, reason: { event: 'submitted' | 'declined' | 'overdue'; reasonCode?: string | null; note?: string | null }, tx: DbOrTx) {
    const toInstitute = kind === 'proposal_declined';
    const payload: TaskMatchPayload = {
      taskId: found.task.id,
      title: found.task.title,
      organisationName: toInstitute ? found.enterpriseName : found.instituteName,
      reason: { kind: 'proposal', event: reason.event, proposalId: found.proposal.id, proposalTitle: found.proposal.title, reasonCode: reason.reasonCode ?? null, note: reason.note ?? null },
      link: `/proposals/${found.proposal.id}`,
    };
    const userIds = await repo.listMemberIds(organisationId, tx);
    return notificationsRepo.insertNew(userIds.map((userId) => ({ userId, kind, subjectId: found.proposal.id, payload })), tx);
  }

  async function listScoped(scope: ProposalScope, query: TaskProposalsQuery): Promise<ProposalPage> {
    const at = now();
    const statuses = query.status ? scope.statuses.filter((status) => status === query.status) : scope.statuses;
    const page = await repo.list({ ...scope, statuses, submittedBefore: query.overdueOnly ? overdueCutoff(at, responseDays) : undefined }, query);
    return { ...page, items: page.items.map((found) => toSummary(found, at)) };
  }

  const publish = (rows: NotificationRow[]) => {
    hub?.publishStored(rows);
  };

  async function requireOpenTask(taskId: string) {
    const task = await tasksRepo.findById(taskId);
    if (!task || task.task.status === 'draft') throw notFound('tasks.not_found', 'The task');
    if (task.task.status !== 'published') throw taskNotOpen();
    return task;
  }

  /** Moves a proposal from its current status, with the audit row and notifications in one transaction. */
  async function transition(
    auth: AuthContext,
    found: ProposalWithParties,
    to: ProposalStatus,
    action: string,
    extra: { declineReasonCode?: DeclineProposalBody['reasonCode']; declineNote?: string | null; withdrawNote?: string } = {},
  ): Promise<Proposal> {
    const from = found.proposal.status;
    if (!canTransition(from, to)) throw invalidProposalTransition(from, action);
    const at = now();
    const who = { actor: auditActorOf(auth), organisationId: auth.organisation?.id ?? null };
    const { notifications, roomEvents } = await db.transaction(async (tx) => {
      // A proposal leaving its negotiation ends the room too; the room is locked before the proposal row, as room writes do.
      const room = from === 'in_negotiation' ? await negotiationEnding.lockOpenRoom(found.proposal.id, tx) : null;
      // A submit checks the draft it submits, locked: an edit that landed since the read is checked too.
      if (to === 'submitted') {
        const current = await repo.lockById(found.proposal.id, tx);
        if (current?.status === from) checkReadyToSubmit(fieldsOf(current));
      }
      const row = await repo.setStatus(found.proposal.id, from, { status: to, statusChangedAt: at, submittedAt: to === 'submitted' ? at : undefined, ...extra }, tx);
      // Someone else changed it between our read and this write.
      if (!row) throw invalidProposalTransition(from, action);
      await auditRepo.record({
        ...who, action: `proposal.${to === 'submitted' ? 'submit' : to === 'withdrawn' ? 'withdraw' : to === 'declined' ? 'decline' : to}`,
        entityType: 'proposal', entityId: row.id, changes: { from, to, ...extra },
      }, tx);
      const roomEvents = room ? await negotiationEnding.end(room, to, who, tx) : [];
      const updated = { ...found, proposal: row };
      if (to === 'submitted') return { roomEvents, notifications: await notifyMembers(found.task.organisationId, 'proposal_submitted', updated, { event: 'submitted' }, tx) };
      if (to === 'declined') return { roomEvents, notifications: await notifyMembers(row.organisationId, 'proposal_declined', updated, { event: 'declined', reasonCode: extra.declineReasonCode, note: extra.declineNote }, tx) };
      return { roomEvents, notifications: [] };
    });
    publish(notifications);
    // The event is stored: should delivery fail, a subscriber still gets it when it next subscribes.
    await negotiationEnding.afterCommit(roomEvents).catch(() => undefined);
    return toProposal((await repo.findById(found.proposal.id))!);
  }

  return {
    async createProposal(auth: AuthContext, taskId: string, body: CreateProposalBody): Promise<Proposal> {
      const institute = requireOrganisationKind(auth, 'institute');
      const task = await requireOpenTask(taskId);
      const fields: ProposalFields = {
        title: body.title, summary: body.summary ?? '', approach: body.approach ?? '', team: body.team ?? [], milestones: body.milestones ?? [],
        totalBudgetKzt: body.totalBudgetKzt ?? null, cofinancing: body.cofinancing ?? [], trlStart: body.trlStart ?? null, trlEnd: body.trlEnd ?? null,
      };
      if (body.submit) checkReadyToSubmit(fields);
      else checkProposalConsistency(fields);
      const at = now();
      const { id, notifications } = await db.transaction(async (tx) => {
        const row = await repo.insert({ content: fields, taskId: task.task.id, organisationId: institute.id, createdByUserId: auth.user?.id ?? null, status: body.submit ? 'submitted' : 'draft', now: at }, tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: institute.id, action: 'proposal.create', entityType: 'proposal', entityId: row.id, changes: { taskId, ...fields, status: row.status } }, tx);
        if (!body.submit) return { id: row.id, notifications: [] };
        const found = { proposal: row, task: { ...task.task, title: task.task.title ?? '' }, enterpriseName: task.organisationName, instituteName: institute.name };
        return { id: row.id, notifications: await notifyMembers(task.task.organisationId, 'proposal_submitted', found, { event: 'submitted' }, tx) };
      });
      publish(notifications);
      return toProposal((await repo.findById(id))!);
    },

    async getProposal(auth: AuthContext, id: string): Promise<Proposal> {
      const found = await loadAs(auth, id, ['institute', 'enterprise', 'admin', 'program_office']);
      return toProposal(found, db, roleOf(auth, found) !== 'program_office');
    },

    async updateProposal(auth: AuthContext, id: string, body: UpdateProposalBody): Promise<Proposal> {
      const found = await loadAs(auth, id, ['institute']);
      if (found.proposal.status !== 'draft') throw onlyDraftsAreEditable(found.proposal.status);
      await requireCallAcceptsChanges(db, found.proposal.callId, now(), 'edited');
      await db.transaction(async (tx) => {
        // Checked again on the locked row: a submit (or another edit) may have landed since the read.
        const current = await repo.lockById(id, tx);
        if (!current) throw proposalNotFound();
        if (current.status !== 'draft') throw onlyDraftsAreEditable(current.status);
        const merged: ProposalFields = { ...fieldsOf(current) };
        for (const key of Object.keys(merged) as (keyof ProposalFields)[]) {
          if (body[key] !== undefined) (merged as Record<string, unknown>)[key] = body[key];
        }
        checkProposalConsistency(merged);
        await repo.updateContent(id, body, now(), tx);
        await auditRepo.record({ actor: auditActorOf(auth), organisationId: found.proposal.organisationId, action: 'proposal.update', entityType: 'proposal', entityId: id, changes: body }, tx);
      });
      return toProposal((await repo.findById(id))!);
    },

    async submitProposal(auth: AuthContext, id: string): Promise<Proposal> {
      const found = await loadAs(auth, id, ['institute']);
      if (!canTransition(found.proposal.status, 'submitted')) throw invalidProposalTransition(found.proposal.status, 'submitted');
      await requireCallAcceptsChanges(db, found.proposal.callId, now(), 'submitted');
      await requireOpenTask(found.task.id);
      checkReadyToSubmit(fieldsOf(found.proposal));
      return transition(auth, found, 'submitted', 'submitted');
    },

    async withdrawProposal(auth: AuthContext, id: string, body: WithdrawProposalBody): Promise<Proposal> {
      const found = await loadAs(auth, id, ['institute']);
      await requireCallAcceptsChanges(db, found.proposal.callId, now(), 'withdrawn');
      return transition(auth, found, 'withdrawn', 'withdrawn', { withdrawNote: body.note.trim() });
    },

    async shortlistProposal(auth: AuthContext, id: string): Promise<Proposal> {
      const found = await loadAs(auth, id, ['enterprise']);
      if (found.proposal.callId) throw decidedByCouncil();
      return transition(auth, found, 'shortlisted', 'shortlisted');
    },

    async declineProposal(auth: AuthContext, id: string, body: DeclineProposalBody): Promise<Proposal> {
      const found = await loadAs(auth, id, ['enterprise']);
      if (found.proposal.callId) throw decidedByCouncil();
      const note = body.note?.trim() || null;
      if (body.reasonCode === 'other' && !note) throw noteRequired();
      return transition(auth, found, 'declined', 'declined', { declineReasonCode: body.reasonCode, declineNote: note });
    },

    /** `mine=true`: the institute's own proposals; `inbox=true`: proposals on all the enterprise's tasks. */
    async listProposals(auth: AuthContext, query: ProposalListQuery): Promise<ProposalPage> {
      requireSignedIn(auth);
      if (Boolean(query.mine) === Boolean(query.inbox)) throw invalidInput('Ask for either mine=true (an institute) or inbox=true (an enterprise).', [{ path: '/mine', message: 'or inbox must be true' }]);
      const scope: ProposalScope = query.mine
        ? { instituteId: requireOrganisationKind(auth, 'institute').id, statuses: PROPOSAL_STATUSES }
        : { enterpriseId: requireOrganisationKind(auth, 'enterprise').id, statuses: VISIBLE_TO_ENTERPRISE };
      return listScoped(scope, query);
    },

    /** The inbox of one task: its enterprise (and admins), read-only for program offices; to anyone else the list does not exist. */
    async listTaskProposals(auth: AuthContext, taskId: string, query: TaskProposalsQuery): Promise<ProposalPage> {
      requireSignedIn(auth);
      const task = await tasksRepo.findById(taskId);
      // Program offices follow every published task's proposals, read-only; someone else's draft task does not exist for them.
      const programOffice = auth.organisation?.kind === 'program_office' && task !== null && canRead(auth, task.task);
      if (!task || !(auth.isAdmin || isMemberOf(auth, task.task.organisationId) || programOffice)) throw notFound('tasks.not_found', 'The task');
      return listScoped({ taskId, statuses: VISIBLE_TO_ENTERPRISE }, query);
    },


    /** 2–4 proposals on the caller enterprise's tasks side by side, with the matching engine's view of each institute. */
    async compareProposals(auth: AuthContext, query: CompareProposalsQuery, locale: Locale): Promise<{ items: ProposalComparison[] }> {
      requireSignedIn(auth);
      const rows = await repo.findByIds(query.ids);
      const byId = new Map(rows.map((row) => [row.proposal.id, row]));
      const found = query.ids.map((id) => byId.get(id));
      if (found.some((row) => !row || (roleOf(auth, row) !== 'enterprise' && !auth.isAdmin) || row.proposal.status === 'draft')) throw proposalNotFound();
      const matches = new Map<string, InstituteMatch>();
      for (const taskId of new Set(rows.map((row) => row.task.id))) {
        // Matching needs Meilisearch; the comparison is still useful without it.
        const result = await matchInstitutesForTask?.(auth, taskId, { limit: 50, locale }).catch(() => null);
        for (const match of result?.matches ?? []) matches.set(`${taskId}:${match.institute.id}`, match);
      }
      const at = now();
      return {
        items: (found as ProposalWithParties[]).map((row) => {
          const { proposal } = row;
          const dueDates = proposal.milestones.map((milestone) => milestone.dueDate).sort();
          const match = matches.get(`${row.task.id}:${proposal.organisationId}`);
          return {
            ...common(row, at),
            cofinancingBySource: Object.fromEntries(COFINANCING_SOURCES.map((source) => [source, proposal.cofinancing.filter((line) => line.source === source).reduce((sum, line) => sum + line.amountKzt, 0)])) as ProposalComparison['cofinancingBySource'],
            timeline: { firstDueDate: dueDates[0] ?? null, lastDueDate: dueDates.at(-1) ?? null, milestoneCount: dueDates.length },
            teamSize: proposal.team.length,
            match: match ? { score: match.score, explanation: match.explanation } : null,
          };
        }),
      };
    },

    /** Streams a PDF into storage; only while the proposal is a draft, only by the institute. */
    async addAttachment(auth: AuthContext, id: string, file: IncomingFile | undefined): Promise<ProposalAttachment> {
      try {
        const found = await loadAs(auth, id, ['institute']);
        if (found.proposal.status !== 'draft') throw onlyDraftsAreEditable(found.proposal.status);
        await requireCallAcceptsChanges(db, found.proposal.callId, now(), 'edited');
        if (!file) throw attachmentMissing();
        if ((await repo.countAttachments(id)) >= PROPOSAL_ATTACHMENTS_MAX) throw attachmentsLimit(PROPOSAL_ATTACHMENTS_MAX);
        const attachmentId = randomUUID();
        const storageKey = `proposals/${id}/${attachmentId}`;
        const { sizeBytes, fileName } = await storePdf(storage, storageKey, file, { notPdf: attachmentNotPdf, tooLarge: () => attachmentTooLarge(maxUploadMb) });
        try {
          const row = await db.transaction(async (tx) => {
            const inserted = await repo.insertAttachment({ id: attachmentId, proposalId: id, fileName, sizeBytes, storageKey, uploadedByUserId: auth.user?.id ?? null }, tx);
            await repo.touch(id, now(), tx);
            await auditRepo.record({ actor: auditActorOf(auth), organisationId: found.proposal.organisationId, action: 'proposal.attach', entityType: 'proposal', entityId: id, changes: { attachmentId, fileName: inserted.fileName, sizeBytes } }, tx);
            return inserted;
          });
          return toAttachment(row);
        } catch (error) {
          await storage.delete(storageKey);
          throw error;
        }
      } finally {
        // Whatever happened, read the rest of the upload so the connection is left in a clean state.
        file?.stream.resume();
      }
    },

    /** The file and its name, for the parties to the proposal and admins (program offices see no PDFs). */
    async openAttachment(auth: AuthContext, id: string, attachmentId: string) {
      const found = await loadAs(auth, id, ['institute', 'enterprise', 'admin', 'program_office']);
      if (roleOf(auth, found) === 'program_office') throw attachmentNotFound();
      const attachment = await repo.findAttachment(id, attachmentId);
      const stream = attachment ? await storage.get(attachment.storageKey) : null;
      if (!attachment || !stream) throw attachmentNotFound();
      return { fileName: attachment.fileName, sizeBytes: attachment.sizeBytes, stream };
    },

    /**
     * Tells each enterprise once about proposals waiting longer than the response time. Runs on a
     * timer; several servers may run it at once (the stamp decides who reports).
     */
    async reportOverdue(): Promise<{ reported: number }> {
      const at = now();
      let reported = 0;
      for (const found of await repo.listOverdueUnreported(overdueCutoff(at, responseDays), OVERDUE_BATCH)) {
        const notifications = await db.transaction(async (tx) => {
          if (!(await repo.markOverdueReported(found.proposal.id, at, tx))) return [];
          reported += 1;
          await auditRepo.record({ actor: { userId: null, tokenId: null, label: 'overdue-job' }, organisationId: found.task.organisationId, action: 'proposal.overdue_reported', entityType: 'proposal', entityId: found.proposal.id, changes: { submittedAt: found.proposal.submittedAt?.toISOString() ?? null, responseDays } }, tx);
          return notifyMembers(found.task.organisationId, 'proposal_overdue', found, { event: 'overdue' }, tx);
        });
        publish(notifications);
      }
      return { reported };
    },
  };
}
export type ProposalsService = ReturnType<typeof createProposalsService>;
