import type { Db } from '../../db/database.ts';
import { COFINANCING_SOURCES } from '../../../shared/schemas/proposals.ts';
import {
  NATIONAL_SHARE_TARGET_PERCENT, type Funnel, type LedgerQuery, type Ledger, type PortfolioQuery, type PortfolioPage, type Reconciliation, type Scorecards,
} from '../../../shared/schemas/program.ts';
import { requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { createOrganisationsRepo } from '../organisations/organisations.repo.ts';
import { PAGE_SIZE_DEFAULT } from '../../../shared/constants.ts';
import { invalidInput } from '../../errors.ts';
import { createLedgerRepo, type LedgerCell, type LedgerDimension } from './ledger.repo.ts';
import { createPortfolioRepo } from './portfolio.repo.ts';
import { createFunnelRepo } from './funnel.repo.ts';
import { createScorecardsRepo } from './scorecards.repo.ts';
import { programOfficeOnly } from './program.errors.ts';
import { NO_PERIOD, type Period, type ProgramScope } from './program.scope.ts';

const OVERDUE_LIST_MAX = 50;

/** Kazakhstan's calendar day (Asia/Almaty, UTC+5 all year): the day a program manager calls "today". */
export const almatyDate = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

export interface ProgramServiceOptions {
  db: Db;
  /** The clock: tests move it to make milestones overdue. */
  now?: () => Date;
}

export function createProgramService({ db, now = () => new Date() }: ProgramServiceOptions) {
  const organisations = createOrganisationsRepo({ db });
  const ledgerRepo = createLedgerRepo({ db });
  const portfolioRepo = createPortfolioRepo({ db });
  const funnelRepo = createFunnelRepo({ db });
  const scorecardsRepo = createScorecardsRepo({ db });

  /**
   * Program offices and admins only. A program office with a region is a regional administration:
   * without an explicit `region` it sees its own region; `region=all` (or another region) widens the
   * view, since program offices read the whole portfolio. Everyone else defaults to the whole country.
   */
  async function scopeFor(auth: AuthContext, requested: string | undefined): Promise<ProgramScope> {
    requireSignedIn(auth);
    if (!auth.isAdmin && auth.organisation?.kind !== 'program_office') throw programOfficeOnly();
    let region: string | null = requested === undefined || requested === 'all' ? null : requested;
    if (requested === undefined && auth.organisation?.kind === 'program_office') {
      region = (await organisations.findById(auth.organisation.id))?.region ?? null;
    }
    const at = now();
    return { region, today: almatyDate(at), now: at.toISOString() };
  }

  function periodOf(query: { from?: string; to?: string }): Period {
    if (query.from && query.to && query.from > query.to) throw invalidInput('The period ends before it starts.', [{ path: '/to', message: 'must not be before from' }]);
    return { from: query.from ?? null, to: query.to ?? null };
  }

  const pick = (cells: LedgerCell[], dimension: LedgerDimension) =>
    cells.filter((cell) => cell.dimension === dimension).map(({ key, plannedKzt, disbursedKzt }) => ({ key, plannedKzt, disbursedKzt }));

  function ledgerOf(cells: LedgerCell[], scope: ProgramScope, period: Period): Ledger {
    const total = cells.find((cell) => cell.dimension === 'total');
    // Every source appears, even at zero, so the four columns of the programme always show.
    const bySource = COFINANCING_SOURCES.map((source) => pick(cells, 'source').find((row) => row.key === source) ?? { key: source, plannedKzt: 0, disbursedKzt: 0 });
    return {
      region: scope.region,
      from: period.from,
      to: period.to,
      totals: { plannedKzt: total?.plannedKzt ?? 0, disbursedKzt: total?.disbursedKzt ?? 0 },
      bySource,
      byPriorityArea: pick(cells, 'area'),
      byRegion: pick(cells, 'region'),
      byYear: pick(cells, 'year'),
      nationalShare: {
        targetPercent: NATIONAL_SHARE_TARGET_PERCENT,
        plannedKzt: total?.plannedKzt ?? 0,
        nationalPlannedKzt: total?.nationalPlannedKzt ?? 0,
        nationalPlannedPercent: total?.nationalPlannedPercent ?? null,
        disbursedKzt: total?.disbursedKzt ?? 0,
        nationalDisbursedKzt: total?.nationalDisbursedKzt ?? 0,
        nationalDisbursedPercent: total?.nationalDisbursedPercent ?? null,
        meetsTarget: total?.nationalDisbursedPercent == null ? null : total.nationalDisbursedPercent >= NATIONAL_SHARE_TARGET_PERCENT,
      },
      quarters: cells
        .filter((cell) => cell.dimension === 'quarter')
        .map(({ key, plannedKzt, disbursedKzt, nationalPlannedKzt, nationalDisbursedKzt, nationalPlannedPercent, nationalDisbursedPercent }) => ({
          quarter: key, plannedKzt, disbursedKzt, nationalPlannedKzt, nationalDisbursedKzt, nationalPlannedPercent, nationalDisbursedPercent,
        })),
    };
  }

  const service = {
    scopeFor,

    async portfolio(auth: AuthContext, query: PortfolioQuery): Promise<PortfolioPage> {
      const scope = await scopeFor(auth, query.region);
      const page = await portfolioRepo.page({ ...query, region: scope.region }, query.page ?? 1, query.pageSize ?? PAGE_SIZE_DEFAULT);
      return { ...page, region: scope.region };
    },

    async ledger(auth: AuthContext, query: LedgerQuery): Promise<Ledger> {
      const scope = await scopeFor(auth, query.region);
      const period = periodOf(query);
      return ledgerOf(await ledgerRepo.cells(scope, period), scope, period);
    },

    /**
     * The ledger over all time and all regions against the rows themselves: each breakdown must add
     * up to the sum of every disbursement, and each partnership's own numbers must hold.
     */
    async reconciliation(auth: AuthContext): Promise<Reconciliation> {
      const scope = await scopeFor(auth, 'all');
      const [ledger, raw] = await Promise.all([service.ledgerFor(scope, NO_PERIOD), ledgerRepo.reconciliation()]);
      const sumOf = (rows: { disbursedKzt: number }[]) => rows.reduce((total, row) => total + row.disbursedKzt, 0);
      const breakdownTotals = {
        bySource: sumOf(ledger.bySource),
        byPriorityArea: sumOf(ledger.byPriorityArea),
        byRegion: sumOf(ledger.byRegion),
        byYear: sumOf(ledger.byYear),
        byQuarter: sumOf(ledger.quarters),
        byPartnership: raw.byPartnershipKzt,
      };
      const issues = [
        ...Object.entries(breakdownTotals)
          .filter(([, sum]) => sum !== raw.disbursedKzt)
          .map(([name, sum]) => ({ kind: `ledger_${name}`, partnershipId: null, expectedKzt: raw.disbursedKzt, actualKzt: sum })),
        ...(ledger.totals.disbursedKzt === raw.disbursedKzt ? [] : [{ kind: 'ledger_total', partnershipId: null, expectedKzt: raw.disbursedKzt, actualKzt: ledger.totals.disbursedKzt }]),
        ...raw.issues,
      ];
      return { ok: issues.length === 0, partnershipsChecked: raw.partnerships, disbursementsChecked: raw.disbursements, disbursedKzt: raw.disbursedKzt, breakdownTotals, issues };
    },

    async ledgerFor(scope: ProgramScope, period: Period) {
      return ledgerOf(await ledgerRepo.cells(scope, period), scope, period);
    },

    async funnel(auth: AuthContext, query: { region?: string }): Promise<Funnel> {
      const scope = await scopeFor(auth, query.region);
      return service.funnelFor(scope);
    },

    async funnelFor(scope: ProgramScope): Promise<Funnel> {
      const [counts, overdue] = await Promise.all([funnelRepo.stages(scope), funnelRepo.overdueMilestones(scope, OVERDUE_LIST_MAX)]);
      const order = ['tasks', 'proposals', 'negotiations', 'partnerships', 'completed'] as const;
      const stages = order.map((stage, index) => {
        const previous = index === 0 ? null : counts[order[index - 1]];
        // One decimal, like every percentage PostgreSQL returns here.
        const conversionPercent = previous ? Math.round((1000 * counts[stage]) / previous) / 10 : null;
        return { stage, count: counts[stage], conversionPercent };
      });
      return { region: scope.region, stages, medianDays: counts.medianDays, undecided: counts.undecided, overdueMilestones: overdue };
    },

    async scorecards(auth: AuthContext, query: { region?: string }): Promise<Scorecards> {
      const scope = await scopeFor(auth, query.region);
      return service.scorecardsFor(scope);
    },

    async scorecardsFor(scope: ProgramScope): Promise<Scorecards> {
      const [lists, industrialPartnerShare] = await Promise.all([scorecardsRepo.lists(scope), scorecardsRepo.industrialPartnerShare(scope)]);
      return { region: scope.region, institutes: lists.institute, enterprises: lists.enterprise, industrialPartnerShare };
    },
  };
  return service;
}
export type ProgramService = ReturnType<typeof createProgramService>;
