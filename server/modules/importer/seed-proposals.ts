import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { createProposalsRepo } from '../proposals/proposals.repo.ts';
import { proposals } from '../proposals/proposals.table.ts';
import type { CofinancingLine, DeclineReasonCode, Milestone, ProposalStatus, TeamMember } from '../../../shared/schemas/proposals.ts';

/** A demo proposal: which task (external id), which institute, and how long it has been in its status. */
export interface DemoProposal {
  task: string;
  institute: string;
  status: ProposalStatus;
  daysInStatus: number;
  submittedDaysAgo?: number;
  declineReasonCode?: DeclineReasonCode;
  declineNote?: string;
  title: string;
  summary: string;
  approach: string;
  team: TeamMember[];
  milestones: Milestone[];
  totalBudgetKzt: number | null;
  cofinancing: CofinancingLine[];
  trlStart: number | null;
  trlEnd: number | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The inbox story of the demo: proposals in every stage, one of them waiting past the response
 * time. Idempotent: a proposal with the same task, institute and title is left alone.
 */
export async function seedDemoProposals(tx: Tx, items: DemoProposal[], now = new Date()): Promise<number> {
  const organisationsRepo = createOrganisationsRepo({ db: tx });
  const tasksRepo = createTasksRepo({ db: tx });
  const proposalsRepo = createProposalsRepo({ db: tx });
  const auditRepo = createAuditRepo({ db: tx });
  let created = 0;
  for (const item of items) {
    const task = await tasksRepo.findByExternalId(item.task, tx);
    const institute = await organisationsRepo.findByExternalId(item.institute, tx);
    if (!task || !institute) continue;
    const [existing] = await tx
      .select({ id: proposals.id })
      .from(proposals)
      .where(and(eq(proposals.taskId, task.id), eq(proposals.organisationId, institute.id), eq(proposals.title, item.title)))
      .limit(1);
    if (existing) continue;
    const statusChangedAt = new Date(now.getTime() - item.daysInStatus * DAY_MS);
    const submittedAt = item.status === 'draft' ? null : new Date(now.getTime() - (item.submittedDaysAgo ?? item.daysInStatus) * DAY_MS);
    const row = await proposalsRepo.insert({ content: item, taskId: task.id, organisationId: institute.id, createdByUserId: null, status: 'draft', now: submittedAt ?? statusChangedAt }, tx);
    if (item.status !== 'draft') {
      await proposalsRepo.setStatus(row.id, 'draft', { status: 'submitted', statusChangedAt: submittedAt!, submittedAt: submittedAt! }, tx);
      if (item.status !== 'submitted') {
        await proposalsRepo.setStatus(row.id, 'submitted', { status: item.status, statusChangedAt, declineReasonCode: item.declineReasonCode, declineNote: item.declineNote ?? null }, tx);
      }
    }
    await auditRepo.record({ actor: { userId: null, tokenId: null, label: 'seed' }, organisationId: institute.id, action: 'proposal.create', entityType: 'proposal', entityId: row.id, changes: { taskId: task.id, status: item.status } }, tx);
    created += 1;
  }
  return created;
}
