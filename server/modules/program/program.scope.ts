import { sql, type SQL } from 'drizzle-orm';
import { NATIONAL_PRIORITY_AREAS } from '../../../shared/constants.ts';
import type { DbOrTx } from '../../db/database.ts';

/** What every workspace query is narrowed to: a region (null = the whole country) and today's date. */
export interface ProgramScope {
  region: string | null;
  /** Today in Asia/Almaty (ISO date): what "overdue" is measured against. */
  today: string;
  /** The moment of the question (ISO timestamp): waiting times run to it. */
  now: string;
}

/** Disbursement and tranche dates are calendar dates as the payment order bears them: no time zone applies. */
export interface Period {
  from: string | null;
  to: string | null;
}

export const NO_PERIOD: Period = { from: null, to: null };

/** `column = region`, or true for the whole country. */
export const regionIs = (column: SQL, region: string | null) => (region === null ? sql`true` : sql`${column} = ${region}`);

/** Both ends included: a payment dated the last day of the period belongs to it. */
export const dateWithin = (column: SQL, period: Period) =>
  sql.join([sql`true`, ...(period.from ? [sql`${column} >= ${period.from}::date`] : []), ...(period.to ? [sql`${column} <= ${period.to}::date`] : [])], sql` and `);

/** The national technology priorities as an SQL list: energy is deliberately not among them. */
export const nationalAreas = () => sql.join(NATIONAL_PRIORITY_AREAS.map((area) => sql`${area}`), sql`, `);

/** One-decimal percentage, null when there is nothing to divide by; computed by PostgreSQL. */
export const percentOf = (part: SQL, whole: SQL) => sql`round(100.0 * ${part} / nullif(${whole}, 0), 1)::float8`;

/** Median of an interval expression, in days with one decimal. */
export const medianDays = (interval: SQL, where?: SQL) =>
  sql`round((percentile_cont(0.5) within group (order by extract(epoch from ${interval}) / 86400.0)${where ? sql` filter (where ${where})` : sql``})::numeric, 1)::float8`;

/** The proposal audit actions that record an enterprise's first answer to a proposal. */
export const DECISION_ACTIONS = ['proposal.shortlisted', 'proposal.in_negotiation', 'proposal.decline', 'proposal.agreed'] as const;
export const decisionActions = () => sql.join(DECISION_ACTIONS.map((action) => sql`${action}`), sql`, `);

export { rowsOf } from '../../db/rows.ts';

/** int8/numeric come back as strings from some drivers: whole tenge fit a JS number exactly. */
export const int = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
export const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

/**
 * Runs the workspace's aggregations in a read transaction with PostgreSQL's JIT off: these queries
 * cost enough to cross jit_above_cost, yet compiling them takes longer than running them (measured
 * on the bench data: scorecards 2.9 s with JIT, 0.8 s without; funnel 342 → 128 ms).
 */
export function withoutJit<T>(dbOrTx: DbOrTx, work: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return dbOrTx.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    return work(tx);
  });
}
