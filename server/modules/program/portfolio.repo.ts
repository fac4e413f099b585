import { sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/database.ts';
import type { PortfolioRow } from '../../../shared/schemas/program.ts';
import { int, regionIs, rowsOf } from './program.scope.ts';

export interface PortfolioFilter {
  region: string | null;
  priorityArea?: string;
  source?: string;
  status?: string;
  year?: number;
  enterpriseId?: string;
  instituteId?: string;
}

interface RawRow {
  id: string;
  title: string;
  priority_area: string | null;
  region: string | null;
  status: PortfolioRow['status'];
  enterprise_id: string | null;
  enterprise_name: string | null;
  institute_id: string;
  institute_name: string;
  agreed_at: Date | string;
  start_date: string;
  end_date: string;
  planned: unknown;
  disbursed: unknown;
}

function whereOf(filter: PortfolioFilter): SQL {
  const conditions: SQL[] = [regionIs(sql`p.region`, filter.region)];
  if (filter.priorityArea) conditions.push(sql`p.priority_area = ${filter.priorityArea}`);
  if (filter.status) conditions.push(sql`p.status = ${filter.status}`);
  if (filter.enterpriseId) conditions.push(sql`p.enterprise_organisation_id = ${filter.enterpriseId}`);
  if (filter.instituteId) conditions.push(sql`p.institute_organisation_id = ${filter.instituteId}`);
  // The agreement's year on Kazakhstan's calendar; a range, so the agreed_at index serves it.
  if (filter.year) {
    conditions.push(sql`p.agreed_at >= make_timestamptz(${filter.year}::int, 1, 1, 0, 0, 0, 'Asia/Almaty') and p.agreed_at < make_timestamptz(${filter.year + 1}::int, 1, 1, 0, 0, 0, 'Asia/Almaty')`);
  }
  if (filter.source) {
    conditions.push(sql`exists (select 1 from partnership_tranches s where s.partnership_id = p.id and s.source = ${filter.source} and s.planned_amount_kzt > 0)`);
  }
  return sql.join(conditions, sql` and `);
}

const toIsoDateTime = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

/** Partnerships with their parties and money; each row's sums come from its own tranches and disbursements. */
export function createPortfolioRepo({ db }: { db: Db }) {
  return {
    async page(filter: PortfolioFilter, page: number, pageSize: number, tx: DbOrTx = db) {
      const where = whereOf(filter);
      const [rows, counted] = await Promise.all([
        tx.execute(sql`
          select p.id, p.title, p.priority_area, p.region, p.status, e.id as enterprise_id, e.name as enterprise_name,
            i.id as institute_id, i.name as institute_name, p.agreed_at, p.start_date::text as start_date, p.end_date::text as end_date,
            (select coalesce(sum(t.planned_amount_kzt), 0)::bigint from partnership_tranches t where t.partnership_id = p.id) as planned,
            (select coalesce(sum(d.amount_kzt), 0)::bigint from disbursements d where d.partnership_id = p.id) as disbursed
          from partnerships p
          join organisations i on i.id = p.institute_organisation_id
          left join organisations e on e.id = p.enterprise_organisation_id
          where ${where}
          order by p.agreed_at desc, p.id
          limit ${pageSize} offset ${(page - 1) * pageSize}`),
        tx.execute(sql`select count(*) as total from partnerships p where ${where}`),
      ]);
      const items: PortfolioRow[] = rowsOf<RawRow>(rows).map((row) => ({
        id: row.id,
        title: row.title,
        priorityArea: row.priority_area,
        region: row.region,
        status: row.status,
        enterprise: row.enterprise_id ? { id: row.enterprise_id, name: row.enterprise_name ?? '' } : null,
        institute: { id: row.institute_id, name: row.institute_name },
        agreedAt: toIsoDateTime(row.agreed_at),
        startDate: row.start_date,
        endDate: row.end_date,
        plannedKzt: int(row.planned),
        disbursedKzt: int(row.disbursed),
      }));
      return { items, total: int(rowsOf<{ total: unknown }>(counted)[0].total), page, pageSize };
    },
  };
}
