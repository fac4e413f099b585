import type { ExportTable, Funnel, Ledger, LedgerQuery, PortfolioPage, PortfolioQuery, Reconciliation, Scorecards } from '$shared/schemas/program.ts';
import { http, toSearchParams, type Fetch, type Query } from './http.ts';

type Scope = { region?: LedgerQuery['region'] };

export const getPortfolio = (query: PortfolioQuery, fetch?: Fetch) => http.get<PortfolioPage>('/program/portfolio', { query, fetch });
export const getLedger = (query: LedgerQuery, fetch?: Fetch) => http.get<Ledger>('/program/ledger', { query, fetch });
export const getReconciliation = (fetch?: Fetch) => http.get<Reconciliation>('/program/reconciliation', { fetch });
export const getFunnel = (query: Scope, fetch?: Fetch) => http.get<Funnel>('/program/funnel', { query, fetch });
export const getScorecards = (query: Scope, fetch?: Fetch) => http.get<Scorecards>('/program/scorecards', { query, fetch });

/** A plain link: the browser downloads the CSV with the session cookie. */
export const exportHref = (table: ExportTable, query: Query) => `/api/program/export?${toSearchParams({ ...query, table }).toString()}`;
