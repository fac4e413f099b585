import type { AuthContext } from '../auth/auth-context.ts';
import type { ExportQuery, ExportTable, MoneyRow, PortfolioRow, QuarterRow, Scorecard } from '../../../shared/schemas/program.ts';
import { createPortfolioRepo } from './portfolio.repo.ts';
import { toCsv, type CsvColumn } from '../../csv.ts';
import type { ProgramService } from './program.service.ts';
import type { Db } from '../../db/database.ts';

/** A spreadsheet is not a page: the whole portfolio up to this many rows. */
export const PORTFOLIO_EXPORT_MAX = 50_000;

const money = (label: string): CsvColumn<MoneyRow>[] => [
  { header: label, value: (row) => row.key },
  { header: 'planned_kzt', value: (row) => row.plannedKzt },
  { header: 'disbursed_kzt', value: (row) => row.disbursedKzt },
];

const portfolioColumns: CsvColumn<PortfolioRow>[] = [
  { header: 'partnership_id', value: (row) => row.id },
  { header: 'title', value: (row) => row.title },
  { header: 'status', value: (row) => row.status },
  { header: 'priority_area', value: (row) => row.priorityArea },
  { header: 'region', value: (row) => row.region },
  { header: 'enterprise', value: (row) => row.enterprise?.name ?? null },
  { header: 'institute', value: (row) => row.institute.name },
  { header: 'agreed_at', value: (row) => row.agreedAt },
  { header: 'start_date', value: (row) => row.startDate },
  { header: 'end_date', value: (row) => row.endDate },
  { header: 'planned_kzt', value: (row) => row.plannedKzt },
  { header: 'disbursed_kzt', value: (row) => row.disbursedKzt },
];

const quarterColumns: CsvColumn<QuarterRow>[] = [
  { header: 'quarter', value: (row) => row.quarter },
  { header: 'planned_kzt', value: (row) => row.plannedKzt },
  { header: 'disbursed_kzt', value: (row) => row.disbursedKzt },
  { header: 'national_planned_kzt', value: (row) => row.nationalPlannedKzt },
  { header: 'national_disbursed_kzt', value: (row) => row.nationalDisbursedKzt },
  { header: 'national_planned_percent', value: (row) => row.nationalPlannedPercent },
  { header: 'national_disbursed_percent', value: (row) => row.nationalDisbursedPercent },
];

const scorecardColumns: CsvColumn<Scorecard>[] = [
  { header: 'organisation_id', value: (row) => row.organisation.id },
  { header: 'organisation', value: (row) => row.organisation.name },
  { header: 'partnerships', value: (row) => row.partnerships },
  { header: 'planned_kzt', value: (row) => row.plannedKzt },
  { header: 'disbursed_kzt', value: (row) => row.disbursedKzt },
  { header: 'milestones_due', value: (row) => row.milestonesDue },
  { header: 'milestones_on_time', value: (row) => row.milestonesOnTime },
  { header: 'on_time_percent', value: (row) => row.onTimePercent },
  { header: 'median_response_days', value: (row) => row.medianResponseDays },
  { header: 'partners', value: (row) => row.partners },
];

/** Every table of the workspace as CSV, with the same scope and filters as the screen it comes from. */
export function createProgramExport({ db, service }: { db: Db; service: ProgramService }) {
  const portfolioRepo = createPortfolioRepo({ db });
  return async function exportTable(auth: AuthContext, table: ExportTable, query: ExportQuery): Promise<string> {
    const scope = await service.scopeFor(auth, query.region);
    const period = { from: query.from ?? null, to: query.to ?? null };
    switch (table) {
      case 'portfolio': {
        const page = await portfolioRepo.page({ ...query, region: scope.region }, 1, PORTFOLIO_EXPORT_MAX);
        return toCsv(portfolioColumns, page.items);
      }
      case 'ledger-sources':
        return toCsv(money('source'), (await service.ledgerFor(scope, period)).bySource);
      case 'ledger-priority-areas':
        return toCsv(money('priority_area'), (await service.ledgerFor(scope, period)).byPriorityArea);
      case 'ledger-regions':
        return toCsv(money('region'), (await service.ledgerFor(scope, period)).byRegion);
      case 'ledger-years':
        return toCsv(money('year'), (await service.ledgerFor(scope, period)).byYear);
      case 'ledger-quarters':
        return toCsv(quarterColumns, (await service.ledgerFor(scope, period)).quarters);
      case 'funnel':
        return toCsv(
          [
            { header: 'stage', value: (row) => row.stage },
            { header: 'count', value: (row) => row.count },
            { header: 'conversion_percent', value: (row) => row.conversionPercent },
          ],
          (await service.funnelFor(scope)).stages,
        );
      case 'overdue-milestones':
        return toCsv(
          [
            { header: 'partnership_id', value: (row) => row.partnershipId },
            { header: 'partnership', value: (row) => row.partnershipTitle },
            { header: 'milestone', value: (row) => row.milestoneTitle },
            { header: 'due_date', value: (row) => row.dueDate },
            { header: 'days_overdue', value: (row) => row.daysOverdue },
            { header: 'amount_kzt', value: (row) => row.amountKzt },
          ],
          (await service.funnelFor(scope)).overdueMilestones.items,
        );
      case 'scorecards-institutes':
        return toCsv(scorecardColumns, (await service.scorecardsFor(scope)).institutes);
      case 'scorecards-enterprises':
        return toCsv(scorecardColumns, (await service.scorecardsFor(scope)).enterprises);
    }
  };
}
