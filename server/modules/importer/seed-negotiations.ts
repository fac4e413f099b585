import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createProposalsRepo } from '../proposals/proposals.repo.ts';
import { createAuditRepo } from '../audit/audit.repo.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { createNegotiationsRepo } from '../negotiations/negotiations.repo.ts';
import { diffTerms, initialTermsOf, type Terms } from '../../../shared/schemas/terms.ts';

const DEMO_TASK = 'demo-task-002';
const TITLE = 'Флотация с депрессией галенита и доводкой концентрата на колонной машине';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A live negotiation for the demo accounts: the demo institute's proposal on the demo enterprise's
 * lead-in-copper task, a few messages and a counter-offer waiting for the enterprise's answer.
 * Idempotent: a proposal with this title on the task is left alone.
 */
export async function seedDemoNegotiations(db: Db, tx: Tx, accounts: { enterprise: string; institute: string }, now = new Date()): Promise<void> {
  const task = await createTasksRepo({ db }).findByExternalId(DEMO_TASK, tx);
  const usersRepo = createUsersRepo({ db });
  const [enterpriseUser, instituteUser] = [await usersRepo.findByEmail(accounts.enterprise, tx), await usersRepo.findByEmail(accounts.institute, tx)];
  const membership = instituteUser ? await createOrganisationsRepo({ db }).findMembershipOfUser(instituteUser.id, tx) : null;
  if (!task || !enterpriseUser || !instituteUser || !membership) return;
  const [existing] = await tx.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.taskId, task.id), eq(proposals.title, TITLE))).limit(1);
  if (existing) return;

  const at = (daysAgo: number, hours = 0) => new Date(now.getTime() - daysAgo * DAY_MS + hours * 3_600_000);
  const proposalsRepo = createProposalsRepo({ db });
  const content = {
    title: TITLE,
    summary: 'Селективная флотация с депрессией галенита сульфитом и крахмалом; колонная перечистка снижает свинец в медном концентрате ниже 1,5 %.',
    approach: 'Лабораторные опыты на трёх пробах руды, затем полупромышленные испытания колонной машины на фабрике в течение месяца.',
    team: [{ name: 'Е. Мукашев', role: 'Руководитель', qualification: 'к.т.н., обогащение руд, 18 лет' }],
    milestones: [
      { title: 'Лабораторный режим', deliverable: 'Отчёт с балансом металлов', dueDate: '2027-05-31', amountKzt: 40_000_000 },
      { title: 'Полупромышленные испытания', deliverable: 'Отчёт и регламент', dueDate: '2027-10-31', amountKzt: 50_000_000 },
    ],
    totalBudgetKzt: 90_000_000,
    cofinancing: [{ source: 'enterprise' as const, amountKzt: 54_000_000 }, { source: 'subsoil_fund' as const, amountKzt: 27_000_000 }, { source: 'institute_inkind' as const, amountKzt: 9_000_000 }],
    trlStart: 4,
    trlEnd: 6,
  };
  const proposal = await proposalsRepo.insert({ content, taskId: task.id, organisationId: membership.organisationId, createdByUserId: instituteUser.id, status: 'draft', now: at(9) }, tx);
  await proposalsRepo.setStatus(proposal.id, 'draft', { status: 'submitted', statusChangedAt: at(9), submittedAt: at(9) }, tx);
  await proposalsRepo.setStatus(proposal.id, 'submitted', { status: 'in_negotiation', statusChangedAt: at(3) }, tx);

  const repo = createNegotiationsRepo({ db });
  const version1 = initialTermsOf(content, at(3).toISOString().slice(0, 10));
  const room = await repo.insertRoom({ proposalId: proposal.id, taskId: task.id, enterpriseOrganisationId: task.organisationId, instituteOrganisationId: membership.organisationId, terms: version1, now: at(3) }, tx);
  if (!room) return;
  const version2: Terms = {
    ...version1,
    ipModel: 'institute_owns_exclusive_licence_option',
    publicationDelayDays: 120,
    milestones: [{ ...version1.milestones[0], amountKzt: 35_000_000 }, { ...version1.milestones[1], amountKzt: 55_000_000 }],
  };
  const enterpriseKey = { authorId: enterpriseUser.id, authorKey: `user:${enterpriseUser.id}` };
  const instituteKey = { authorId: instituteUser.id, authorKey: `user:${instituteUser.id}` };
  const story = [
    { kind: 'opened' as const, payload: { proposalId: proposal.id, version: 1, terms: version1 }, author: null, createdAt: at(3) },
    { kind: 'message' as const, payload: { text: 'Добрый день! Готовы обсуждать. Сможете начать лабораторные опыты в январе?' }, author: enterpriseKey, createdAt: at(3, 1) },
    { kind: 'message' as const, payload: { text: 'Да, пробы руды нужны к середине декабря. Предлагаем сдвинуть часть суммы на испытания и исключительную лицензию.' }, author: instituteKey, createdAt: at(2) },
    { kind: 'offer' as const, payload: { version: 2, side: 'institute', terms: version2, diff: diffTerms(version1, version2) }, author: instituteKey, createdAt: at(2, 1) },
  ];
  for (const [index, event] of story.entries()) {
    const seq = await repo.takeSeq(room.id, tx);
    await repo.insertEvent({ negotiationId: room.id, seq, kind: event.kind, payload: event.payload, createdAt: event.createdAt, clientMsgId: event.author ? `seed-${index}` : null, authorId: event.author?.authorId ?? null, authorKey: event.author?.authorKey ?? null }, tx);
  }
  await repo.updateRoom(room.id, { latestVersion: 2, latestTerms: version2 }, tx);
  await repo.markRead(room.id, instituteUser.id, story.length, tx);
  await createAuditRepo({ db }).record({ actor: { userId: null, tokenId: null, label: 'seed' }, organisationId: task.organisationId, action: 'negotiation.open', entityType: 'negotiation', entityId: room.id, changes: { proposalId: proposal.id } }, tx);
}
