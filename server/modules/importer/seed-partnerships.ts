import { and, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { proposals } from '../proposals/proposals.table.ts';
import type { CofinancingLine, Milestone } from '../../../shared/schemas/proposals.ts';
import { DEFAULT_CLAUSES, type Terms } from '../../../shared/schemas/terms.ts';
import { auditLog } from '../audit/audit.table.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { createPartnershipsRepo } from '../partnerships/partnerships.repo.ts';
import { createReportsRepo } from '../partnerships/partnerships.reports.repo.ts';
import { createLedgerRepo } from '../partnerships/partnerships.ledger.repo.ts';
import { createChangesRepo } from '../partnerships/partnerships.changes.repo.ts';
import { createPartnershipFromAgreement } from '../partnerships/partnerships.agreement.ts';
import { seedDemoProposals } from './seed-proposals.ts';

const SEED = { userId: null, tokenId: null, label: 'seed' };

/** One demo partnership and how far its story has gone. Dates are absolute, spread over 2025–2026. */
interface DemoPartnership {
  task: string;
  institute: string;
  title: string;
  agreedOn: string;
  milestones: Milestone[];
  cofinancing: CofinancingLine[];
  /** Milestones accepted, from the first; each accepted ten days after its due date. */
  accepted: number;
  /** Share of each accepted milestone's tranches paid (1 = all), by position. */
  paid: number[];
  /** A paid entry that was wrong and reversed (on the first milestone's first tranche). */
  reversal?: boolean;
  /** The next milestone's report: under review, or returned with the enterprise's comment. */
  nextReport?: { text: string; returnedWith?: string };
  status?: { to: 'at_risk' | 'completed' | 'terminated'; on: string; note: string | null; source?: 'auto' | 'manual' };
  /** The parties' choice on publication against the default for its money (absent: the default). */
  publicDisclosure?: boolean;
  /** A change request from one side: pending, or accepted (version 2) before any money moved. */
  change?: { side: 'enterprise' | 'institute'; reason: string; accepted: boolean; terms: Partial<Terms> };
}

const m = (title: string, deliverable: string, dueDate: string, amountKzt: number): Milestone => ({ title, deliverable, dueDate, amountKzt });
const plusDays = (day: string, days: number) => new Date(Date.parse(`${day}T09:00:00Z`) + days * 86_400_000);

const DEMO_PARTNERSHIPS: DemoPartnership[] = [
  {
    task: 'demo-task-001', institute: 'demo-inst-001', title: 'Гидрометаллургическое извлечение селена из шламов: лаборатория и пилот', agreedOn: '2025-06-10',
    milestones: [m('Лабораторная схема', 'Отчёт с балансом по селену', '2025-12-20', 75_000_000), m('Пилотная кампания 50 кг/сут', 'Отчёт пилота и оценка капзатрат', '2027-03-31', 75_000_000)],
    cofinancing: [{ source: 'enterprise', amountKzt: 90_000_000 }, { source: 'state_program', amountKzt: 45_000_000 }, { source: 'institute_inkind', amountKzt: 15_000_000 }],
    accepted: 1, paid: [1],
    nextReport: { text: 'Пилотная установка смонтирована, проведены две недели испытаний.', returnedWith: 'Нет данных по содержанию теллура в товарном селене; дополните протоколы анализов.' },
  },
  {
    task: 'demo-task-003', institute: 'demo-inst-016', title: 'Очистка шахтных вод Жезказгана от тяжёлых металлов с повторным использованием', agreedOn: '2025-02-14',
    milestones: [m('Технология очистки', 'Регламент и лабораторные испытания', '2025-06-30', 50_000_000), m('Опытная установка', 'Акт испытаний опытной установки', '2025-12-15', 50_000_000)],
    cofinancing: [{ source: 'enterprise', amountKzt: 40_000_000 }, { source: 'subsoil_fund', amountKzt: 60_000_000 }],
    accepted: 2, paid: [1, 1], status: { to: 'completed', on: '2026-01-20', note: null },
  },
  {
    task: 'demo-task-006', institute: 'demo-inst-017', title: 'Извлечение галлия из оборотных растворов Байера', agreedOn: '2025-10-01',
    milestones: [m('Сорбент и лабораторные испытания', 'Отчёт о сорбционной ёмкости', '2026-06-30', 60_000_000), m('Пилотный модуль на глинозёмном заводе', 'Отчёт пилота', '2027-06-30', 60_000_000)],
    cofinancing: [{ source: 'state_program', amountKzt: 80_000_000 }, { source: 'enterprise', amountKzt: 40_000_000 }],
    accepted: 0, paid: [], status: { to: 'at_risk', on: '2026-07-31', note: 'Этап просрочен более чем на 30 дней.', source: 'auto' },
  },
  {
    task: 'demo-task-015', institute: 'demo-inst-032', title: 'Антискалант и водно-химический режим для котлов Мангистау', agreedOn: '2025-11-12',
    milestones: [m('Подбор антискаланта', 'Сравнительные испытания пяти реагентов', '2026-04-30', 40_000_000), m('Опытно-промышленная эксплуатация', 'Акт ОПЭ на двух котлах', '2027-02-28', 40_000_000)],
    cofinancing: [{ source: 'enterprise', amountKzt: 50_000_000 }, { source: 'subsoil_fund', amountKzt: 30_000_000 }],
    accepted: 1, paid: [1],
  },
  {
    task: 'demo-task-019', institute: 'demo-inst-014', title: 'Прогноз выработки ветровых и солнечных станций южной зоны', agreedOn: '2025-09-03',
    milestones: [m('Модель прогноза на сутки вперёд', 'Модель и отчёт о точности', '2026-03-31', 30_000_000), m('Интеграция с диспетчерской системой', 'Акт внедрения', '2026-12-31', 30_000_000)],
    cofinancing: [{ source: 'state_program', amountKzt: 30_000_000 }, { source: 'enterprise', amountKzt: 30_000_000 }],
    accepted: 1, paid: [1],
    status: { to: 'terminated', on: '2026-05-18', note: 'Системный оператор пересмотрел инвестиционную программу: второй этап выполняться не будет.' },
  },
  {
    task: 'demo-task-020', institute: 'demo-inst-019', title: 'Ускоренная селекция засухоустойчивой яровой пшеницы для Северного Казахстана', agreedOn: '2026-03-05',
    milestones: [m('Отбор линий в теплице', 'Отчёт о фенотипировании 400 линий', '2026-11-30', 40_000_000), m('Полевые испытания', 'Отчёт о сортоиспытании', '2027-08-31', 60_000_000)],
    cofinancing: [{ source: 'state_program', amountKzt: 60_000_000 }, { source: 'enterprise', amountKzt: 30_000_000 }, { source: 'institute_inkind', amountKzt: 10_000_000 }],
    accepted: 0, paid: [],
    nextReport: { text: 'Отобраны 38 линий с урожайностью выше стандарта при дефиците влаги.' },
    change: { side: 'institute', reason: 'Поздняя весна: полевые испытания сдвигаются на два месяца.', accepted: false, terms: {} },
  },
  {
    task: 'demo-task-024', institute: 'demo-inst-035', title: 'ИИ-скрининг диабетической ретинопатии в первичном звене', agreedOn: '2026-11-25',
    milestones: [m('Обучение модели на местных данных', 'Модель и протокол валидации', '2027-05-31', 45_000_000), m('Пилот в пяти поликлиниках', 'Отчёт о чувствительности и специфичности', '2027-11-30', 45_000_000)],
    cofinancing: [{ source: 'state_program', amountKzt: 70_000_000 }, { source: 'enterprise', amountKzt: 20_000_000 }],
    accepted: 0, paid: [],
  },
  {
    task: 'demo-task-010', institute: 'demo-inst-004', title: 'Снижение кольматации скважин при подземном выщелачивании урана', agreedOn: '2025-08-20',
    milestones: [m('Диагностика кольматации', 'Отчёт по 30 скважинам', '2026-02-28', 50_000_000), m('Опытная обработка скважин', 'Акт испытаний', '2026-12-20', 50_000_000), m('Регламент для месторождения', 'Регламент', '2027-09-30', 50_000_000)],
    cofinancing: [{ source: 'subsoil_fund', amountKzt: 100_000_000 }, { source: 'enterprise', amountKzt: 50_000_000 }],
    accepted: 1, paid: [1], reversal: true,
    // Well data of a uranium deposit: both sides agreed to keep this one off the public page.
    publicDisclosure: false,
  },
  {
    task: 'demo-task-018', institute: 'demo-inst-010', title: 'Массовая утилизация золошлаковых отходов экибастузского угля', agreedOn: '2025-12-02',
    milestones: [m('Рецептуры строительных материалов', 'Протоколы испытаний', '2026-05-31', 50_000_000), m('Опытная партия', 'Акт выпуска опытной партии', '2027-04-30', 50_000_000)],
    cofinancing: [{ source: 'enterprise', amountKzt: 60_000_000 }, { source: 'state_program', amountKzt: 40_000_000 }],
    accepted: 1, paid: [0.5],
    change: {
      side: 'enterprise', reason: 'Добавлен этап сертификации материалов.', accepted: true,
      terms: { totalBudgetKzt: 120_000_000, cofinancing: [{ source: 'enterprise', amountKzt: 70_000_000 }, { source: 'state_program', amountKzt: 50_000_000 }] },
    },
  },
];

/**
 * The partnerships of the demo: across priority areas (energy too, which is not a national priority),
 * regions and sources, at every stage — just agreed, active with accepted and returned reports, at
 * risk, completed, terminated, with a reversal and change requests. Made through the agreement call
 * from agreed demo proposals; reports and money are written as the services write them. Idempotent:
 * a partnership already made from its proposal is left alone.
 */
export async function seedDemoPartnerships(db: Db, tx: Tx): Promise<number> {
  const organisations = createOrganisationsRepo({ db });
  const tasksRepo = createTasksRepo({ db });
  const partnershipsRepo = createPartnershipsRepo({ db });
  const reports = createReportsRepo({ db });
  const ledger = createLedgerRepo({ db });
  const changes = createChangesRepo({ db });
  const audit = (partnershipId: string, action: string, at: Date, changes: Record<string, unknown>) =>
    tx.insert(auditLog).values({ actorLabel: 'seed', action, entityType: 'partnership', entityId: partnershipId, changes, at });
  let created = 0;

  for (const demo of DEMO_PARTNERSHIPS) {
    const task = await tasksRepo.findByExternalId(demo.task, tx);
    const institute = await organisations.findByExternalId(demo.institute, tx);
    if (!task || !institute) continue;
    const totalBudgetKzt = demo.milestones.reduce((total, milestone) => total + milestone.amountKzt, 0);
    await seedDemoProposals(tx, [{
      task: demo.task, institute: demo.institute, status: 'agreed', daysInStatus: 0, title: demo.title, summary: demo.title, approach: demo.milestones.map((milestone) => milestone.deliverable).join('; '),
      team: [{ name: 'Руководитель проекта', role: 'Principal investigator', qualification: 'PhD' }], milestones: demo.milestones, totalBudgetKzt, cofinancing: demo.cofinancing, trlStart: 3, trlEnd: 6,
    }]);
    const proposal = await findProposal(tx, task.id, institute.id, demo.title);
    if (!proposal || (await partnershipsRepo.findByProposal(proposal, tx))) continue;

    const terms: Terms = {
      totalBudgetKzt, cofinancing: demo.cofinancing, milestones: demo.milestones, ...DEFAULT_CLAUSES, startDate: demo.agreedOn,
      ...(demo.publicDisclosure === undefined ? {} : { publicDisclosure: demo.publicDisclosure }),
    };
    const agreedAt = plusDays(demo.agreedOn, 0);
    const partnership = await createPartnershipFromAgreement({ db }, tx, { proposalId: proposal, terms, termsVersion: 1, agreedAt, actor: SEED });
    // The audit trail tells the story in its order: the partnership was created when it was agreed, not when seeded.
    await tx.update(auditLog).set({ at: agreedAt }).where(and(eq(auditLog.entityId, partnership.id), eq(auditLog.action, 'partnership.create')));
    created += 1;

    if (demo.change) {
      const next: Terms = { ...terms, ...demo.change.terms };
      if (demo.change.accepted) {
        // The added milestone takes what the new budget adds.
        next.milestones = [...terms.milestones, m('Сертификация материалов', 'Сертификаты соответствия', '2027-10-31', next.totalBudgetKzt - totalBudgetKzt)];
      } else {
        next.milestones = terms.milestones.map((milestone, index) => (index === terms.milestones.length - 1 ? { ...milestone, dueDate: '2027-10-31' } : milestone));
      }
      const request = await changes.insert({ partnershipId: partnership.id, baseVersion: 1, terms: next, reason: demo.change.reason, side: demo.change.side, userId: null }, tx);
      const on = plusDays(demo.agreedOn, 45);
      await audit(partnership.id, 'partnership.change.propose', on, { requestId: request.id, reason: demo.change.reason });
      if (demo.change.accepted) {
        await changes.applyTerms(partnership.id, next, 2, request.id, new Map(), plusDays(demo.agreedOn, 52), tx);
        await changes.decide(request.id, { status: 'accepted', note: null, userId: null, at: plusDays(demo.agreedOn, 52) }, tx);
        await audit(partnership.id, 'partnership.change.accept', plusDays(demo.agreedOn, 52), { requestId: request.id, before: { termsVersion: 1 }, after: { termsVersion: 2 } });
      }
    }

    const milestones = await partnershipsRepo.milestonesOf(partnership.id, tx);
    const tranches = await partnershipsRepo.tranchesOf(partnership.id, tx);
    for (const milestone of milestones.slice(0, demo.accepted)) {
      const acceptedAt = plusDays(milestone.dueDate, 10);
      const report = await reports.insert({ partnershipId: partnership.id, milestoneId: milestone.id, round: 1, text: `${milestone.deliverable}: выполнено в срок.`, submittedByUserId: null, at: plusDays(milestone.dueDate, -2) }, tx);
      await reports.review(report.id, { status: 'accepted', comment: null, reviewedByUserId: null, at: acceptedAt }, tx);
      await reports.setMilestoneStatus(milestone.id, 'accepted', acceptedAt, tx);
      await audit(partnership.id, 'partnership.report.accept', acceptedAt, { reportId: report.id, milestoneId: milestone.id });
      const share = demo.paid[milestone.position] ?? 0;
      for (const tranche of tranches.filter((row) => row.milestoneId === milestone.id)) {
        // A part payment is a round sum, as a payer would make it (30 000 000 × 0.7 floored in floating point gave 20 999 999).
        const amountKzt = share >= 1 ? tranche.plannedAmountKzt : Math.min(tranche.plannedAmountKzt, Math.round((tranche.plannedAmountKzt * share) / 1000) * 1000);
        if (amountKzt <= 0) continue;
        const disbursedOn = plusDays(milestone.dueDate, 25).toISOString().slice(0, 10);
        if (demo.reversal && milestone.position === 0 && tranche.source === 'subsoil_fund') {
          // Recorded against the wrong amount, then reversed: the ledger keeps both entries.
          const wrong = await ledger.insertDisbursement({ partnershipId: partnership.id, trancheId: tranche.id, source: tranche.source, amountKzt: 3_000_000, disbursedOn, note: 'Ошибочная сумма', recordedByUserId: null }, tx);
          await ledger.insertDisbursement({ partnershipId: partnership.id, trancheId: tranche.id, source: tranche.source, amountKzt: -3_000_000, disbursedOn, note: 'Сторно ошибочной записи', recordedByUserId: null, reversesDisbursementId: wrong.id }, tx);
          await audit(partnership.id, 'partnership.reverse_disbursement', plusDays(milestone.dueDate, 26), { disbursementId: wrong.id, amountKzt: -3_000_000 });
        }
        await ledger.insertDisbursement({ partnershipId: partnership.id, trancheId: tranche.id, source: tranche.source, amountKzt, disbursedOn, note: null, recordedByUserId: null }, tx);
        await audit(partnership.id, 'partnership.disburse', plusDays(milestone.dueDate, 25), { trancheId: tranche.id, source: tranche.source, amountKzt });
      }
    }

    const next = milestones[demo.accepted];
    if (demo.nextReport && next) {
      const submittedAt = plusDays(next.dueDate < '2026-12-01' ? next.dueDate : '2026-11-20', -3);
      const report = await reports.insert({ partnershipId: partnership.id, milestoneId: next.id, round: 1, text: demo.nextReport.text, submittedByUserId: null, at: submittedAt }, tx);
      await audit(partnership.id, 'partnership.report.submit', submittedAt, { reportId: report.id, milestoneId: next.id });
      if (demo.nextReport.returnedWith) {
        await reports.review(report.id, { status: 'returned', comment: demo.nextReport.returnedWith, reviewedByUserId: null, at: plusDays(submittedAt.toISOString().slice(0, 10), 5) }, tx);
        await reports.setMilestoneStatus(next.id, 'returned', submittedAt, tx);
        await audit(partnership.id, 'partnership.report.return', plusDays(submittedAt.toISOString().slice(0, 10), 5), { reportId: report.id, comment: demo.nextReport.returnedWith });
      } else {
        await reports.setMilestoneStatus(next.id, 'reported', submittedAt, tx);
      }
    }

    if (demo.status) {
      const at = plusDays(demo.status.on, 0);
      await partnershipsRepo.setStatus(partnership.id, 'active', { status: demo.status.to, statusNote: demo.status.note, atRiskSource: demo.status.source ?? null, at }, tx);
      const action = { at_risk: 'partnership.at_risk', completed: 'partnership.complete', terminated: 'partnership.terminate' }[demo.status.to];
      await audit(partnership.id, action, at, { before: { status: 'active' }, after: { status: demo.status.to, statusNote: demo.status.note } });
    }
  }
  return created;
}

async function findProposal(tx: Tx, taskId: string, organisationId: string, title: string): Promise<string | null> {
  const [row] = await tx.select({ id: proposals.id }).from(proposals).where(and(eq(proposals.taskId, taskId), eq(proposals.organisationId, organisationId), eq(proposals.title, title))).limit(1);
  return row?.id ?? null;
}

/** Each demo partnership grows from its own agreed demo proposal. */
export const DEMO_PARTNERSHIP_COUNT = DEMO_PARTNERSHIPS.length;
