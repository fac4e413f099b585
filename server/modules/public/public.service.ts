import type { Db } from '../../db/database.ts';
import { NATIONAL_PRIORITY_AREAS, PAGE_SIZE_DEFAULT, PRIORITY_AREA_NAMES, REGION_NAMES, type PriorityArea, type Region } from '../../../shared/constants.ts';
import { COFINANCING_SOURCES, type CofinancingSource } from '../../../shared/schemas/proposals.ts';
import {
  NATIONAL_PRIORITY_TARGET_PERCENT, OPEN_DATA_LICENSE, OPEN_DATA_PREFIX,
  type AmountsBySource, type PublicOpenData, type PublicPartnership, type PublicPartnershipFilter, type PublicPartnershipPage,
  type PublicPartnershipQuery, type PublicStats,
} from '../../../shared/schemas/public.ts';
import { REGION_ISO_CODES } from '../../../shared/geo/kz-regions.ts';
import { createPublicRepo, type DimensionRow, type PublicPartnershipRow, type YearRow } from './public.repo.ts';

/**
 * Funders other than the enterprise, by source. The 1 % subsoil-user obligation is paid into the state
 * budget (since 2026) and allocated by the ministry's council, so it is a funder of its own, as is the
 * state programme; the institute's in-kind contribution is its own money, shown by source but not as a funder.
 */
export const PUBLIC_FUNDERS: Partial<Record<CofinancingSource, { id: string; name: string }>> = {
  subsoil_fund: { id: `${OPEN_DATA_PREFIX}-FUND-SUBSOIL`, name: "Subsoil users' 1% R&D obligation (state budget)" },
  state_program: { id: `${OPEN_DATA_PREFIX}-FUND-STATE-PROGRAMME`, name: 'State science and innovation programmes' },
};

const isNational = (area: string | null) => area !== null && (NATIONAL_PRIORITY_AREAS as readonly string[]).includes(area);
const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 100);
const bySource = (amounts: Record<string, number>) => Object.fromEntries(COFINANCING_SOURCES.map((source) => [source, amounts[source] ?? 0])) as AmountsBySource;
const sum = (amounts: Record<string, number>) => Object.values(amounts).reduce((total, amount) => total + amount, 0);

/** `KZ-BIN-<bin>` like 360Giving's org identifiers; an organisation without a BIN gets Kopir's own. */
export const organisationIdentifier = (organisation: { id: string; bin: string | null }) =>
  organisation.bin ? `KZ-BIN-${organisation.bin}` : `${OPEN_DATA_PREFIX}-ORG-${organisation.id}`;

export function toPublicPartnership(row: PublicPartnershipRow): PublicPartnership {
  const planned = bySource(row.planned);
  const disbursed = bySource(row.disbursed);
  const funders: PublicPartnership['fundingOrganization'] = [];
  if (row.enterprise) funders.push({ id: organisationIdentifier(row.enterprise), name: row.enterprise.name, source: 'enterprise', amount: planned.enterprise });
  for (const [source, funder] of Object.entries(PUBLIC_FUNDERS) as [CofinancingSource, { id: string; name: string }][]) {
    if (planned[source] > 0) funders.push({ ...funder, source, amount: planned[source] });
  }
  const region = row.region as Region | null;
  const area = row.priorityArea as PriorityArea | null;
  const lastModified = row.lastDisbursementAt && row.lastDisbursementAt > row.updatedAt ? row.lastDisbursementAt : row.updatedAt;
  return {
    identifier: `${OPEN_DATA_PREFIX}-${row.id}`,
    title: row.title,
    description: row.description,
    currency: 'KZT',
    amountAwarded: sum(planned),
    amountDisbursed: sum(disbursed),
    awardDate: row.awardDate,
    plannedDates: { startDate: row.startDate, endDate: row.endDate },
    recipientOrganization: { id: organisationIdentifier(row.institute), name: row.institute.name },
    fundingOrganization: funders,
    beneficiaryLocation: region && REGION_NAMES[region]
      ? { geoCode: REGION_ISO_CODES[region], geoCodeType: 'ISO 3166-2', region, name: REGION_NAMES[region].en, nameRu: REGION_NAMES[region].ru, nameKk: REGION_NAMES[region].kk }
      : null,
    grantProgramme: area && PRIORITY_AREA_NAMES[area] ? { code: area, title: PRIORITY_AREA_NAMES[area].en, national: isNational(area) } : null,
    status: row.status as PublicPartnership['status'],
    plannedBySource: planned,
    disbursedBySource: disbursed,
    lastModified,
  };
}

export function createPublicService({ db }: { db: Db }) {
  const repo = createPublicRepo({ db });

  return {
    /** Where the money goes, over public partnerships only; every figure is a PostgreSQL sum. */
    async getStats(now = new Date()): Promise<PublicStats> {
      const [dimensions, yearRows] = await Promise.all([repo.moneyByDimension(), repo.moneyByYear()]);
      const total = dimensions.find((row) => row.dimension === 'total') ?? { partnerships: 0, plannedKzt: 0, disbursedKzt: 0, bySource: {} as DimensionRow['bySource'] };
      const money = ({ partnerships, plannedKzt, disbursedKzt }: { partnerships: number; plannedKzt: number; disbursedKzt: number }) => ({ partnerships, plannedKzt, disbursedKzt });
      const byPriorityArea = dimensions.filter((row) => row.dimension === 'area').map((row) => ({ key: row.key as PriorityArea | null, national: isNational(row.key), ...money(row) }));
      const national = byPriorityArea.filter((row) => row.national);
      const nationalPlanned = national.reduce((acc, row) => acc + row.plannedKzt, 0);
      const nationalDisbursed = national.reduce((acc, row) => acc + row.disbursedKzt, 0);

      const bySource = COFINANCING_SOURCES.map((source) => ({ key: source, ...money(total.bySource[source] ?? { partnerships: 0, plannedKzt: 0, disbursedKzt: 0 }) }));
      const yearAmount = (kind: YearRow['kind'], year: number) => yearRows.find((row) => row.kind === kind && row.year === year)?.amount ?? 0;
      const byYear = [...new Set(yearRows.map((row) => row.year))].sort((a, b) => a - b).map((year) => ({
        year,
        partnerships: yearAmount('awarded', year),
        plannedKzt: yearAmount('planned', year),
        disbursedKzt: yearAmount('paid', year),
      }));

      const byKey = <T extends { key: string | null; plannedKzt: number }>(a: T, b: T) => b.plannedKzt - a.plannedKzt || String(a.key).localeCompare(String(b.key));
      return {
        totals: money(total),
        byPriorityArea: byPriorityArea.sort(byKey),
        byRegion: dimensions.filter((row) => row.dimension === 'region').map((row) => ({ key: row.key as Region | null, ...money(row) })).sort(byKey),
        bySource,
        byYear,
        byStatus: dimensions.filter((row) => row.dimension === 'status').map((row) => ({ key: row.key as PublicStats['byStatus'][number]['key'], partnerships: row.partnerships })),
        nationalPriority: {
          targetPercent: NATIONAL_PRIORITY_TARGET_PERCENT,
          plannedKzt: nationalPlanned,
          disbursedKzt: nationalDisbursed,
          plannedPercent: percent(nationalPlanned, total.plannedKzt),
          disbursedPercent: percent(nationalDisbursed, total.disbursedKzt),
        },
        generatedAt: now.toISOString(),
      };
    },

    async listPartnerships(query: PublicPartnershipQuery): Promise<PublicPartnershipPage> {
      const { page = 1, pageSize = PAGE_SIZE_DEFAULT, ...filter } = query;
      const [total, rows] = await Promise.all([repo.countPartnerships(filter), repo.listPartnerships(filter, { limit: pageSize, offset: (page - 1) * pageSize })]);
      return { items: rows.map(toPublicPartnership), total, page, pageSize };
    },

    /** Every public partnership that matches, for the CSV and JSON downloads. */
    async openData(filter: PublicPartnershipFilter, now = new Date()): Promise<PublicOpenData> {
      const rows = await repo.listPartnerships(filter, null);
      return { license: OPEN_DATA_LICENSE, generatedAt: now.toISOString(), grants: rows.map(toPublicPartnership) };
    },
  };
}
