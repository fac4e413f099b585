import type { Db, Tx } from '../../db/database.ts';
import type { Terms } from '../../../shared/schemas/terms.ts';
import { publicDisclosureOf, termsIssues } from '../../../shared/schemas/terms.ts';
import { createAuditRepo, type AuditActor } from '../audit/audit.repo.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { eq } from 'drizzle-orm';
import { notFound } from '../../errors.ts';
import { invalidTerms } from './partnerships.errors.ts';
import { tasks } from '../tasks/tasks.table.ts';
import { createPartnershipsRepo } from './partnerships.repo.ts';
import type { PartnershipRow } from './partnerships.table.ts';

export interface Agreement {
  proposalId: string;
  terms: Terms;
  /** The negotiation version both sides accepted (1 when funded under a call's standard terms). */
  termsVersion: number;
  negotiationId?: string | null;
  callId?: string | null;
  agreedAt?: Date;
  actor: AuditActor;
}

/**
 * Creates the partnership an agreement makes: parties and title from the proposal and its task,
 * frozen terms, milestones as tranches planned by source. Runs inside the caller's transaction (the
 * negotiation's or the call's), which also moves the proposal to `agreed`; the unique index on the
 * proposal makes a second, simultaneous agreement fail instead of creating a twin.
 */
export async function createPartnershipFromAgreement({ db }: { db: Db }, tx: Tx, agreement: Agreement): Promise<PartnershipRow> {
  const issues = termsIssues(agreement.terms);
  if (issues.length) throw invalidTerms(issues);
  const [found] = await tx
    .select({ proposal: { id: proposals.id, title: proposals.title, organisationId: proposals.organisationId }, task: { id: tasks.id, title: tasks.title, organisationId: tasks.organisationId, priorityArea: tasks.priorityArea, region: tasks.region } })
    .from(proposals)
    .innerJoin(tasks, eq(tasks.id, proposals.taskId))
    .where(eq(proposals.id, agreement.proposalId))
    .limit(1);
  if (!found) throw notFound('proposals.not_found', 'The proposal of this agreement');
  const { proposal, task } = found;
  const row = await createPartnershipsRepo({ db }).insertWithPlan(
    {
      proposalId: proposal.id,
      negotiationId: agreement.negotiationId ?? null,
      callId: agreement.callId ?? null,
      taskId: task.id,
      enterpriseOrganisationId: task.organisationId,
      instituteOrganisationId: proposal.organisationId,
      title: task.title ?? proposal.title,
      priorityArea: task.priorityArea,
      region: task.region,
      terms: agreement.terms,
      termsVersion: agreement.termsVersion,
      // Public only when both parties allowed it: the agreed terms say so, or their default does.
      isPublic: publicDisclosureOf(agreement.terms),
      agreedAt: agreement.agreedAt ?? new Date(),
    },
    tx,
  );
  await createAuditRepo({ db }).record(
    {
      actor: agreement.actor,
      organisationId: null,
      action: 'partnership.create',
      entityType: 'partnership',
      entityId: row.id,
      changes: { proposalId: proposal.id, negotiationId: row.negotiationId, callId: row.callId, termsVersion: row.termsVersion, totalBudgetKzt: row.totalBudgetKzt, isPublic: row.isPublic },
    },
    tx,
  );
  return row;
}
