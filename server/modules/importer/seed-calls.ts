import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/database.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { createUsersRepo } from '../users/users.repo.ts';
import { createProposalsRepo } from '../proposals/proposals.repo.ts';
import { proposals } from '../proposals/proposals.table.ts';
import { callTasks, calls } from '../calls/calls.table.ts';
import { callExperts, expertAssignments } from '../calls/experts.table.ts';
import { councilMembers, councilVotes } from '../calls/council.table.ts';
import type { Criterion, ScoreLine } from '../../../shared/schemas/calls.ts';

export const DEMO_CALL_TITLE = 'Конкурс: селен и редкие металлы из отходов медного производства';
export const DEMO_CALL_TASK = 'demo-task-006';
/** Demo experts (members of institutes that do not propose) and council members; the last one works at a proposer. */
export const DEMO_EXPERTS = ['expert1@kopir.local', 'expert2@kopir.local', 'expert3@kopir.local'];
export const DEMO_COUNCIL = ['council1@kopir.local', 'council2@kopir.local', 'council3@kopir.local', 'council4@kopir.local', 'council5@kopir.local'];

const LEVELS = ['не раскрыто', 'слабо', 'удовлетворительно', 'хорошо', 'очень хорошо', 'отлично'];
const CRITERIA: Criterion[] = [
  { key: 'scientific_merit', name: 'Научная обоснованность', weight: 30, scaleMin: 0, scaleMax: 5, levels: LEVELS },
  { key: 'industrial_relevance', name: 'Значимость для производства', weight: 30, scaleMin: 0, scaleMax: 5, levels: LEVELS },
  { key: 'team', name: 'Команда и оснащение', weight: 20, scaleMin: 0, scaleMax: 5, levels: LEVELS },
  { key: 'budget_realism', name: 'Реалистичность бюджета', weight: 20, scaleMin: 0, scaleMax: 5, levels: LEVELS },
];
const PROPOSERS = [
  { institute: 'demo-inst-001', title: 'Гидрометаллургическое извлечение селена из шламов без обжига', scores: [[5, 5, 4, 4], [4, 5, 4, 3], [5, 4, 4, 4]] },
  { institute: 'demo-inst-002', title: 'Сульфатизирующий обжиг шламов с улавливанием SO2', scores: [[3, 4, 3, 3], [4, 4, 3, 4], [2, 3, 3, 2]] },
  { institute: 'demo-inst-003', title: 'Плазменная переработка шламов и пылей медного завода', scores: [[4, 2, 3, 1], [2, 2, 2, 2], [5, 3, 4, 2]] },
];
const COMMENTS = ['Подход обоснован лабораторными данными.', 'Результат применим на действующем производстве.', 'Команда имеет опыт пилотных испытаний.', 'Смета соответствует объёму работ.'];
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A demo call at the council stage: three proposals scored by three experts each, a five-member
 * council formed (one member tied to a proposer abstains automatically), no outcome yet.
 * Idempotent: a call with the demo title is left alone.
 */
export async function seedDemoCall(tx: Tx, passwordHash: string, now = new Date()): Promise<boolean> {
  const organisationsRepo = createOrganisationsRepo({ db: tx });
  const usersRepo = createUsersRepo({ db: tx });
  const [existing] = await tx.select({ id: calls.id }).from(calls).where(eq(calls.title, DEMO_CALL_TITLE)).limit(1);
  const task = await createTasksRepo({ db: tx }).findByExternalId(DEMO_CALL_TASK, tx);
  const office = await organisationsRepo.findByKindAndName('program_office', 'Программный офис «Единое окно» НИОКР', tx);
  const institutes = await Promise.all(PROPOSERS.map((item) => organisationsRepo.findByExternalId(item.institute, tx)));
  const reviewers = await Promise.all(['demo-inst-004', 'demo-inst-005', 'demo-inst-008'].map((id) => organisationsRepo.findByExternalId(id, tx)));
  if (existing || !task || !office || institutes.some((row) => !row) || reviewers.some((row) => !row)) return false;

  const ensurePerson = async (email: string, fullName: string, organisationId: string | null) => {
    const found = await usersRepo.findByEmail(email, tx);
    if (found) return found.id;
    const user = await usersRepo.insert({ email, fullName, passwordHash }, tx);
    if (organisationId) await organisationsRepo.addMember({ userId: user.id, organisationId, role: 'member' }, tx);
    return user.id;
  };
  const expertNames = ['Гульнара Исабекова', 'Марат Жумабаев', 'Ольга Ким'];
  const expertIds = await Promise.all(DEMO_EXPERTS.map((email, index) => ensurePerson(email, expertNames[index], reviewers[index]!.id)));
  const councilNames = ['Серик Абенов', 'Айжан Нурланова', 'Виктор Петренко', 'Сауле Оспанова', 'Нурлан Касымов'];
  const councilIds = await Promise.all(DEMO_COUNCIL.map((email, index) => ensurePerson(email, councilNames[index], index === 4 ? institutes[1]!.id : null)));

  const [call] = await tx
    .insert(calls)
    .values({
      programOfficeId: office.id,
      status: 'council',
      title: DEMO_CALL_TITLE,
      description: 'Конкурс на технологии извлечения селена, теллура и благородных металлов из шламов медного электролиза и пылей медеплавильного производства. Приоритет — решения без выбросов SO2, готовые к пилотным испытаниям.',
      priorityArea: 'metallurgy',
      budgetEnvelopeKzt: 400_000_000,
      eligibility: 'Научные организации и вузы Казахстана; софинансирование предприятия не менее 30 %.',
      deadline: new Date(now.getTime() - 10 * DAY_MS),
      expertsPerProposal: 3,
      divergenceThreshold: 25,
      passThreshold: 60,
      fundingMode: 'standard_terms',
      criteria: CRITERIA,
      openedAt: new Date(now.getTime() - 45 * DAY_MS),
      createdAt: new Date(now.getTime() - 50 * DAY_MS),
    })
    .returning();
  await tx.insert(callTasks).values({ callId: call.id, taskId: task.id });
  const registered = [];
  for (const [index, userId] of expertIds.entries()) {
    const [row] = await tx.insert(callExperts).values({ programOfficeId: office.id, userId, fields: ['metallurgy'], languages: index === 2 ? ['ru', 'en'] : ['ru', 'kk'] }).onConflictDoNothing().returning();
    registered.push(row ?? (await tx.select().from(callExperts).where(eq(callExperts.userId, userId)))[0]);
  }
  const proposalsRepo = createProposalsRepo({ db: tx });
  for (const [index, item] of PROPOSERS.entries()) {
    const submittedAt = new Date(now.getTime() - (13 - index) * DAY_MS);
    const total = 150_000_000 - index * 20_000_000;
    const row = await proposalsRepo.insert({
      content: {
        title: item.title,
        summary: 'Технология переработки шламов медного электролиза с получением товарного селена 99,9 %.',
        approach: 'Лабораторные испытания на шламах завода, затем пилотная установка 50 кг/сутки с материальным балансом.',
        team: [{ name: 'Руководитель проекта', role: 'Научный руководитель', qualification: 'к.т.н., 15 лет в металлургии' }],
        milestones: [
          { title: 'Лабораторная технология', deliverable: 'Отчёт с материальным балансом', dueDate: '2027-06-30', amountKzt: total / 2 },
          { title: 'Пилотные испытания', deliverable: 'Отчёт о пилотных испытаниях и ТЭО', dueDate: '2027-12-31', amountKzt: total / 2 },
        ],
        totalBudgetKzt: total,
        cofinancing: [{ source: 'enterprise', amountKzt: (total * 3) / 10 }, { source: 'state_program', amountKzt: (total * 7) / 10 }],
        trlStart: 3,
        trlEnd: 6,
      },
      taskId: task.id, organisationId: institutes[index]!.id, createdByUserId: null, status: 'submitted', now: submittedAt,
    }, tx);
    await tx.update(proposals).set({ callId: call.id }).where(eq(proposals.id, row.id));
    for (const [position, expert] of registered.entries()) {
      const scores: ScoreLine[] = CRITERIA.map((criterion, at) => ({ criterion: criterion.key, score: item.scores[position][at], comment: COMMENTS[at] }));
      const declaredAt = new Date(now.getTime() - 8 * DAY_MS);
      await tx.insert(expertAssignments).values({ callId: call.id, proposalId: row.id, expertId: expert.id, expertUserId: expert.userId, status: 'scored', declaredAt, scores, scoredAt: new Date(declaredAt.getTime() + DAY_MS) });
    }
    if (index === 1) await tx.insert(councilVotes).values({ callId: call.id, proposalId: row.id, userId: councilIds[4], vote: 'conflict', at: now });
  }
  await tx.insert(councilMembers).values(councilIds.map((userId, index) => ({ callId: call.id, userId, chair: index === 0 })));
  return true;
}
