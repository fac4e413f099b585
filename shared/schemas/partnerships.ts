import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateSchema, IsoDateTimeSchema, KztSchema, PageQuerySchema, PriorityAreaSchema, RegionSchema, MAX_KZT } from './common.ts';
import { COFINANCING_SOURCES, CofinancingLineSchema, MilestoneSchema, ProposalAttachmentSchema } from './proposals.ts';
import { IP_MODELS, TermsChangeSchema, TermsSchema } from './terms.ts';

// A partnership after agreement: its story (milestones, reports, money, changes) and the actions on it.

export const PARTNERSHIP_STATUSES = ['active', 'at_risk', 'completed', 'terminated'] as const;
export type PartnershipStatus = (typeof PARTNERSHIP_STATUSES)[number];
export const MILESTONE_STATUSES = ['planned', 'reported', 'accepted', 'returned'] as const;
export const REPORT_STATUSES = ['submitted', 'accepted', 'returned'] as const;
export const CHANGE_REQUEST_STATUSES = ['pending', 'accepted', 'rejected', 'withdrawn'] as const;
export const PARTY_SIDES = ['enterprise', 'institute'] as const;
export type PartySide = (typeof PARTY_SIDES)[number];
/** How the caller sees a partnership; strangers do not see it at all (404). */
export const PARTNERSHIP_VIEWER_ROLES = ['enterprise', 'institute', 'program_office', 'admin'] as const;
export type PartnershipViewerRole = (typeof PARTNERSHIP_VIEWER_ROLES)[number];

/** Default `KOPIR_AT_RISK_DAYS`: a milestone this many whole days past due and not accepted puts the partnership at risk. */
export const AT_RISK_DAYS_DEFAULT = 30;
export const REPORT_TEXT_MAX = 20_000;
export const NOTE_MAX = 2000;

const NamedRef = Type.Object({ id: IdSchema, name: Type.String() });
const SourceSchema = Type.Enum(COFINANCING_SOURCES);
const Note = Type.String({ minLength: 1, maxLength: NOTE_MAX });

/**
 * The clauses that are the parties' business (who owns the results, how long publication waits,
 * how long secrecy lasts): shown to the parties and the program office, never to others
 * (platform administrators included) and never in public data.
 */
export const ConfidentialClausesSchema = Type.Object({
  ipModel: Type.Enum(IP_MODELS),
  publicationDelayDays: Type.Integer(),
  confidentialityYears: Type.Integer(),
});
export const CONFIDENTIAL_CLAUSES = ['ipModel', 'publicationDelayDays', 'confidentialityYears'] as const;

export const TermsViewSchema = Type.Object({
  totalBudgetKzt: KztSchema,
  cofinancing: Type.Array(CofinancingLineSchema),
  milestones: Type.Array(MilestoneSchema),
  startDate: IsoDateSchema,
  clauses: Type.Union([ConfidentialClausesSchema, Type.Null()]),
});
export type TermsView = Static<typeof TermsViewSchema>;

export const PartnershipSummarySchema = Type.Object({
  id: IdSchema,
  title: Type.String(),
  status: Type.Enum(PARTNERSHIP_STATUSES),
  priorityArea: Type.Union([PriorityAreaSchema, Type.Null()]),
  region: Type.Union([RegionSchema, Type.Null()]),
  enterprise: Type.Union([NamedRef, Type.Null()]),
  institute: NamedRef,
  totalBudgetKzt: KztSchema,
  /** Net of reversals. */
  disbursedKzt: Type.Integer(),
  startDate: IsoDateSchema,
  endDate: IsoDateSchema,
  agreedAt: IsoDateTimeSchema,
  statusChangedAt: IsoDateTimeSchema,
  termsVersion: Type.Integer(),
  isPublic: Type.Boolean(),
});
export type PartnershipSummary = Static<typeof PartnershipSummarySchema>;

export const PartnershipListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  status: Type.Optional(Type.Enum(PARTNERSHIP_STATUSES)),
  priorityArea: Type.Optional(PriorityAreaSchema),
  region: Type.Optional(RegionSchema),
  /** Partnerships with money planned from this source. */
  source: Type.Optional(SourceSchema),
  /** The year of agreement. */
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  enterpriseId: Type.Optional(IdSchema),
  instituteId: Type.Optional(IdSchema),
});
export type PartnershipListQuery = Static<typeof PartnershipListQuerySchema>;

export const PartnershipPageSchema = Type.Object({
  items: Type.Array(PartnershipSummarySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type PartnershipPage = Static<typeof PartnershipPageSchema>;

export const PartnershipReportSchema = Type.Object({
  id: IdSchema,
  milestoneId: IdSchema,
  round: Type.Integer(),
  text: Type.String(),
  status: Type.Enum(REPORT_STATUSES),
  reviewComment: Type.Union([Type.String(), Type.Null()]),
  submittedAt: IsoDateTimeSchema,
  reviewedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  attachments: Type.Array(ProposalAttachmentSchema),
});
export type PartnershipReport = Static<typeof PartnershipReportSchema>;

export const TrancheViewSchema = Type.Object({
  id: IdSchema,
  source: SourceSchema,
  plannedAmountKzt: KztSchema,
  plannedDate: IsoDateSchema,
  disbursedKzt: Type.Integer(),
});

export const MilestoneViewSchema = Type.Object({
  id: IdSchema,
  position: Type.Integer(),
  title: Type.String(),
  deliverable: Type.String(),
  dueDate: IsoDateSchema,
  amountKzt: KztSchema,
  status: Type.Enum(MILESTONE_STATUSES),
  acceptedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  /** Whole days past due while not accepted; 0 when not overdue. */
  overdueDays: Type.Integer(),
  tranches: Type.Array(TrancheViewSchema),
  reports: Type.Array(PartnershipReportSchema),
});
export type MilestoneView = Static<typeof MilestoneViewSchema>;

export const DisbursementViewSchema = Type.Object({
  id: IdSchema,
  trancheId: IdSchema,
  milestoneId: IdSchema,
  source: SourceSchema,
  /** Negative for a reversal. */
  amountKzt: Type.Integer(),
  disbursedOn: IsoDateSchema,
  note: Type.Union([Type.String(), Type.Null()]),
  reversesDisbursementId: Type.Union([IdSchema, Type.Null()]),
  reversedById: Type.Union([IdSchema, Type.Null()]),
  recordedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTimeSchema,
});
export type DisbursementView = Static<typeof DisbursementViewSchema>;

export const ChangeRequestViewSchema = Type.Object({
  id: IdSchema,
  baseVersion: Type.Integer(),
  status: Type.Enum(CHANGE_REQUEST_STATUSES),
  reason: Type.String(),
  proposedBySide: Type.Enum(PARTY_SIDES),
  terms: TermsViewSchema,
  /** Against the version it was made on (confidential clauses left out for those who may not see them). */
  changes: Type.Array(TermsChangeSchema),
  decisionNote: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTimeSchema,
  decidedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type ChangeRequestView = Static<typeof ChangeRequestViewSchema>;

export const PartnershipHistoryEntrySchema = Type.Object({
  at: IsoDateTimeSchema,
  action: Type.String(),
  /** The person's name, or the system's label (at-risk job, seed). */
  actor: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type PartnershipHistoryEntry = Static<typeof PartnershipHistoryEntrySchema>;

/** What the caller may do here, so the page shows only the forms that will work. */
export const PartnershipAbilitiesSchema = Type.Object({
  submitReports: Type.Boolean(),
  reviewReports: Type.Boolean(),
  recordSources: Type.Array(SourceSchema),
  proposeChange: Type.Boolean(),
  decideChange: Type.Boolean(),
  terminate: Type.Boolean(),
  setAtRisk: Type.Boolean(),
  complete: Type.Boolean(),
});

export const PartnershipDetailSchema = Type.Object({
  ...PartnershipSummarySchema.properties,
  statusNote: Type.Union([Type.String(), Type.Null()]),
  atRiskSource: Type.Union([Type.Literal('auto'), Type.Literal('manual'), Type.Null()]),
  viewerRole: Type.Enum(PARTNERSHIP_VIEWER_ROLES),
  can: PartnershipAbilitiesSchema,
  terms: TermsViewSchema,
  milestones: Type.Array(MilestoneViewSchema),
  totalsBySource: Type.Array(Type.Object({ source: SourceSchema, plannedKzt: KztSchema, disbursedKzt: Type.Integer() })),
  disbursements: Type.Array(DisbursementViewSchema),
  changeRequests: Type.Array(ChangeRequestViewSchema),
  versions: Type.Array(Type.Object({ version: Type.Integer(), createdAt: IsoDateTimeSchema, changeRequestId: Type.Union([IdSchema, Type.Null()]) })),
  /** The audit trail of this partnership, newest first: status changes, reports, money, changes. */
  history: Type.Array(PartnershipHistoryEntrySchema),
});
export type PartnershipDetail = Static<typeof PartnershipDetailSchema>;

// ------------------------------------------------------------------ bodies

export const TerminateBodySchema = Type.Object({ reason: Note });
export type TerminateBody = Static<typeof TerminateBodySchema>;
export const AtRiskBodySchema = Type.Object({ atRisk: Type.Boolean(), note: Note });
export type AtRiskBody = Static<typeof AtRiskBodySchema>;
export const CompleteBodySchema = Type.Object({ note: Type.Optional(Type.String({ maxLength: NOTE_MAX })) });
export type CompleteBody = Static<typeof CompleteBodySchema>;

export const SubmitReportBodySchema = Type.Object({ text: Type.String({ minLength: 1, maxLength: REPORT_TEXT_MAX }) });
export type SubmitReportBody = Static<typeof SubmitReportBodySchema>;
export const AcceptReportBodySchema = Type.Object({ comment: Type.Optional(Type.String({ maxLength: NOTE_MAX })) });
export type AcceptReportBody = Static<typeof AcceptReportBodySchema>;
export const ReturnReportBodySchema = Type.Object({ comment: Note });
export type ReturnReportBody = Static<typeof ReturnReportBodySchema>;

export const RecordDisbursementBodySchema = Type.Object({
  trancheId: IdSchema,
  amountKzt: Type.Integer({ minimum: 1, maximum: MAX_KZT }),
  disbursedOn: IsoDateSchema,
  note: Type.Optional(Type.String({ maxLength: NOTE_MAX })),
});
export type RecordDisbursementBody = Static<typeof RecordDisbursementBodySchema>;
export const ReverseDisbursementBodySchema = Type.Object({ note: Note });
export type ReverseDisbursementBody = Static<typeof ReverseDisbursementBodySchema>;

export const ProposeChangeBodySchema = Type.Object({ terms: TermsSchema, reason: Note });
export type ProposeChangeBody = Static<typeof ProposeChangeBodySchema>;
export const DecideChangeBodySchema = Type.Object({ note: Type.Optional(Type.String({ maxLength: NOTE_MAX })) });
export type DecideChangeBody = Static<typeof DecideChangeBodySchema>;

export const MilestoneParamsSchema = Type.Object({ id: IdSchema, milestoneId: IdSchema });
export const ReportParamsSchema = Type.Object({ id: IdSchema, reportId: IdSchema });
export const ReportAttachmentParamsSchema = Type.Object({ id: IdSchema, reportId: IdSchema, attachmentId: IdSchema });
export const DisbursementParamsSchema = Type.Object({ id: IdSchema, disbursementId: IdSchema });
export const ChangeRequestParamsSchema = Type.Object({ id: IdSchema, requestId: IdSchema });
