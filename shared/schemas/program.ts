import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateSchema, IsoDateTimeSchema, KztSchema, PageQuerySchema, PriorityAreaSchema, RegionSchema } from './common.ts';
import { COFINANCING_SOURCES } from './proposals.ts';

// The program manager's workspace: portfolio, co-financing ledger, funnel, scorecards, CSV export.
// Money is whole tenge; every figure is computed by PostgreSQL.

export const PARTNERSHIP_STATUS_VALUES = ['active', 'at_risk', 'completed', 'terminated'] as const;

/** The policy target: half of the money to national technology priorities. */
export const NATIONAL_SHARE_TARGET_PERCENT = 50;

/**
 * `region`: a region code, or `all`. A regional administration (a program office with a region)
 * sees its own region when it names none; a national office sees all.
 */
export const ProgramScopeQuerySchema = Type.Object({
  region: Type.Optional(Type.Union([RegionSchema, Type.Literal('all')])),
});

export const PortfolioQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  ...ProgramScopeQuerySchema.properties,
  priorityArea: Type.Optional(PriorityAreaSchema),
  /** Partnerships with money planned from this source. */
  source: Type.Optional(Type.Enum(COFINANCING_SOURCES)),
  status: Type.Optional(Type.Enum(PARTNERSHIP_STATUS_VALUES)),
  /** The year the agreement was made. */
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  enterpriseId: Type.Optional(IdSchema),
  instituteId: Type.Optional(IdSchema),
});
export type PortfolioQuery = Static<typeof PortfolioQuerySchema>;

const NamedRef = Type.Object({ id: IdSchema, name: Type.String() });

export const PortfolioRowSchema = Type.Object({
  id: IdSchema,
  title: Type.String(),
  priorityArea: Type.Union([Type.String(), Type.Null()]),
  region: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(PARTNERSHIP_STATUS_VALUES),
  enterprise: Type.Union([NamedRef, Type.Null()]),
  institute: NamedRef,
  agreedAt: IsoDateTimeSchema,
  startDate: IsoDateSchema,
  endDate: IsoDateSchema,
  plannedKzt: KztSchema,
  disbursedKzt: KztSchema,
});
export type PortfolioRow = Static<typeof PortfolioRowSchema>;

export const PortfolioPageSchema = Type.Object({
  items: Type.Array(PortfolioRowSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  region: Type.Union([Type.String(), Type.Null()]),
});
export type PortfolioPage = Static<typeof PortfolioPageSchema>;

/** A period of disbursement (and planned tranche) dates, both ends included. */
export const LedgerQuerySchema = Type.Object({
  ...ProgramScopeQuerySchema.properties,
  from: Type.Optional(IsoDateSchema),
  to: Type.Optional(IsoDateSchema),
});
export type LedgerQuery = Static<typeof LedgerQuerySchema>;

export const MoneyRowSchema = Type.Object({ key: Type.String(), plannedKzt: KztSchema, disbursedKzt: KztSchema });
export type MoneyRow = Static<typeof MoneyRowSchema>;

export const QuarterRowSchema = Type.Object({
  /** `2026-Q1`. */
  quarter: Type.String(),
  plannedKzt: KztSchema,
  disbursedKzt: KztSchema,
  nationalPlannedKzt: KztSchema,
  nationalDisbursedKzt: KztSchema,
  /** Share of the quarter's disbursed money going to national priorities, per cent with one decimal; null without money. */
  nationalDisbursedPercent: Type.Union([Type.Number(), Type.Null()]),
  nationalPlannedPercent: Type.Union([Type.Number(), Type.Null()]),
});
export type QuarterRow = Static<typeof QuarterRowSchema>;

export const NationalShareSchema = Type.Object({
  targetPercent: Type.Number(),
  plannedKzt: KztSchema,
  nationalPlannedKzt: KztSchema,
  nationalPlannedPercent: Type.Union([Type.Number(), Type.Null()]),
  disbursedKzt: KztSchema,
  nationalDisbursedKzt: KztSchema,
  nationalDisbursedPercent: Type.Union([Type.Number(), Type.Null()]),
  /** Judged on disbursed money: what actually went, not what was promised. Null without money. */
  meetsTarget: Type.Union([Type.Boolean(), Type.Null()]),
});
export type NationalShare = Static<typeof NationalShareSchema>;

export const LedgerSchema = Type.Object({
  region: Type.Union([Type.String(), Type.Null()]),
  from: Type.Union([IsoDateSchema, Type.Null()]),
  to: Type.Union([IsoDateSchema, Type.Null()]),
  totals: Type.Object({ plannedKzt: KztSchema, disbursedKzt: KztSchema }),
  bySource: Type.Array(MoneyRowSchema),
  byPriorityArea: Type.Array(MoneyRowSchema),
  byRegion: Type.Array(MoneyRowSchema),
  byYear: Type.Array(MoneyRowSchema),
  nationalShare: NationalShareSchema,
  quarters: Type.Array(QuarterRowSchema),
});
export type Ledger = Static<typeof LedgerSchema>;

export const ReconciliationIssueSchema = Type.Object({
  kind: Type.String(),
  partnershipId: Type.Union([IdSchema, Type.Null()]),
  expectedKzt: Type.Integer(),
  actualKzt: Type.Integer(),
});

export const ReconciliationSchema = Type.Object({
  ok: Type.Boolean(),
  partnershipsChecked: Type.Integer(),
  disbursementsChecked: Type.Integer(),
  disbursedKzt: KztSchema,
  /** Each breakdown's sum, which must equal `disbursedKzt`. */
  breakdownTotals: Type.Object({ bySource: KztSchema, byPriorityArea: KztSchema, byRegion: KztSchema, byYear: KztSchema, byQuarter: KztSchema, byPartnership: KztSchema }),
  issues: Type.Array(ReconciliationIssueSchema),
});
export type Reconciliation = Static<typeof ReconciliationSchema>;

export const FunnelStageSchema = Type.Object({
  stage: Type.Union([Type.Literal('tasks'), Type.Literal('proposals'), Type.Literal('negotiations'), Type.Literal('partnerships'), Type.Literal('completed')]),
  count: Type.Integer(),
  /** This stage's count against the previous stage's, per cent with one decimal; null for the first or after zero. */
  conversionPercent: Type.Union([Type.Number(), Type.Null()]),
});

export const OverdueMilestoneSchema = Type.Object({
  partnershipId: IdSchema,
  partnershipTitle: Type.String(),
  milestoneTitle: Type.String(),
  dueDate: IsoDateSchema,
  daysOverdue: Type.Integer(),
  amountKzt: KztSchema,
});

const Days = Type.Union([Type.Number(), Type.Null()]);

export const FunnelSchema = Type.Object({
  region: Type.Union([Type.String(), Type.Null()]),
  stages: Type.Array(FunnelStageSchema),
  /** Medians in days (one decimal), null without any case. */
  medianDays: Type.Object({ toFirstProposal: Days, toDecision: Days, toAgreement: Days }),
  undecided: Type.Object({ count: Type.Integer(), medianWaitingDays: Days, oldestWaitingDays: Days }),
  overdueMilestones: Type.Object({ count: Type.Integer(), items: Type.Array(OverdueMilestoneSchema) }),
});
export type Funnel = Static<typeof FunnelSchema>;

export const ScorecardSchema = Type.Object({
  organisation: NamedRef,
  partnerships: Type.Integer(),
  plannedKzt: KztSchema,
  disbursedKzt: KztSchema,
  milestonesDue: Type.Integer(),
  milestonesOnTime: Type.Integer(),
  onTimePercent: Type.Union([Type.Number(), Type.Null()]),
  /** Institutes: median days from a task's publication to their proposal. Enterprises: to their first decision on a proposal. */
  medianResponseDays: Days,
  /** Distinct partners on the other side. */
  partners: Type.Integer(),
});
export type Scorecard = Static<typeof ScorecardSchema>;

export const ScorecardsSchema = Type.Object({
  region: Type.Union([Type.String(), Type.Null()]),
  institutes: Type.Array(ScorecardSchema),
  enterprises: Type.Array(ScorecardSchema),
  industrialPartnerShare: Type.Object({ institutes: Type.Integer(), withIndustrialPartner: Type.Integer(), percent: Type.Union([Type.Number(), Type.Null()]) }),
});
export type Scorecards = Static<typeof ScorecardsSchema>;

/** Every table of the workspace, as CSV. */
export const EXPORT_TABLES = [
  'portfolio', 'ledger-sources', 'ledger-priority-areas', 'ledger-regions', 'ledger-years', 'ledger-quarters', 'funnel', 'overdue-milestones',
  'scorecards-institutes', 'scorecards-enterprises',
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** `table` is a query field (not a path segment) so one closed schema validates the whole request. */
export const ExportQuerySchema = Type.Object({
  table: Type.Enum(EXPORT_TABLES),
  ...Type.Omit(PortfolioQuerySchema, ['page', 'pageSize']).properties,
  from: Type.Optional(IsoDateSchema),
  to: Type.Optional(IsoDateSchema),
});
export type ExportQuery = Static<typeof ExportQuerySchema>;
