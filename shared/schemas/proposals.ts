import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateSchema, IsoDateTimeSchema, KztSchema, PageQuerySchema, TrlSchema } from './common.ts';
import { MatchExplanationSchema } from './search.ts';

// ------------------------------------------------------------------ vocabulary

/** draft → submitted → shortlisted → in_negotiation → agreed | declined | withdrawn. */
export const PROPOSAL_STATUSES = ['draft', 'submitted', 'shortlisted', 'in_negotiation', 'agreed', 'declined', 'withdrawn'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];

/** Who pays: the enterprise, the 1 % subsoil-user R&D obligation, a state programme, the institute in kind. */
export const COFINANCING_SOURCES = ['enterprise', 'subsoil_fund', 'state_program', 'institute_inkind'] as const;
export type CofinancingSource = (typeof COFINANCING_SOURCES)[number];

/** Why an enterprise declines; the institute always sees the code (translated) and the note. */
export const DECLINE_REASON_CODES = [
  'too_early_stage', 'benefit_unclear', 'budget_out_of_range', 'competence_not_shown', 'description_unclear',
  'timeline_unrealistic', 'already_solved', 'other',
] as const;
export type DeclineReasonCode = (typeof DECLINE_REASON_CODES)[number];

export const PROPOSAL_MILESTONES_MAX = 20;
export const PROPOSAL_TEAM_MAX = 50;
export const PROPOSAL_ATTACHMENTS_MAX = 20;

// ------------------------------------------------------------------ what an institute writes

export const TeamMemberSchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  role: Type.String({ minLength: 1, maxLength: 200 }),
  qualification: Type.String({ maxLength: 1000 }),
});
export type TeamMember = Static<typeof TeamMemberSchema>;

export const MilestoneSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 300 }),
  deliverable: Type.String({ maxLength: 2000 }),
  dueDate: IsoDateSchema,
  /** Whole tenge. */
  amountKzt: KztSchema,
});
export type Milestone = Static<typeof MilestoneSchema>;

export const CofinancingLineSchema = Type.Object({
  source: Type.Enum(COFINANCING_SOURCES),
  amountKzt: KztSchema,
});
export type CofinancingLine = Static<typeof CofinancingLineSchema>;

const proposalContentFields = {
  title: Type.String({ minLength: 3, maxLength: 300 }),
  summary: Type.String({ maxLength: 4000 }),
  approach: Type.String({ maxLength: 16000 }),
  team: Type.Array(TeamMemberSchema, { maxItems: PROPOSAL_TEAM_MAX }),
  milestones: Type.Array(MilestoneSchema, { maxItems: PROPOSAL_MILESTONES_MAX }),
  totalBudgetKzt: Type.Union([KztSchema, Type.Null()]),
  cofinancing: Type.Array(CofinancingLineSchema, { maxItems: COFINANCING_SOURCES.length }),
  trlStart: Type.Union([TrlSchema, Type.Null()]),
  trlEnd: Type.Union([TrlSchema, Type.Null()]),
};

/**
 * A draft may be incomplete (only the title is required); what it contains must still agree with
 * itself. Submission (`submit: true` or POST …/submit) needs every part, checked on the server.
 */
export const CreateProposalBodySchema = Type.Object({
  title: proposalContentFields.title,
  summary: Type.Optional(proposalContentFields.summary),
  approach: Type.Optional(proposalContentFields.approach),
  team: Type.Optional(proposalContentFields.team),
  milestones: Type.Optional(proposalContentFields.milestones),
  totalBudgetKzt: Type.Optional(proposalContentFields.totalBudgetKzt),
  cofinancing: Type.Optional(proposalContentFields.cofinancing),
  trlStart: Type.Optional(proposalContentFields.trlStart),
  trlEnd: Type.Optional(proposalContentFields.trlEnd),
  submit: Type.Optional(Type.Boolean()),
});
export type CreateProposalBody = Static<typeof CreateProposalBodySchema>;

export const UpdateProposalBodySchema = Type.Partial(Type.Omit(CreateProposalBodySchema, ['submit']));
export type UpdateProposalBody = Static<typeof UpdateProposalBodySchema>;
export type ProposalContent = Omit<CreateProposalBody, 'submit'>;

export const WithdrawProposalBodySchema = Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) });
export type WithdrawProposalBody = Static<typeof WithdrawProposalBodySchema>;

/** `reasonCode` is required (a missing one is a 400); `other` also needs a note. */
export const DeclineProposalBodySchema = Type.Object({
  reasonCode: Type.Enum(DECLINE_REASON_CODES),
  note: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type DeclineProposalBody = Static<typeof DeclineProposalBodySchema>;

// ------------------------------------------------------------------ what the API answers

export const ProposalAttachmentSchema = Type.Object({
  id: IdSchema,
  fileName: Type.String(),
  sizeBytes: Type.Integer(),
  contentType: Type.Literal('application/pdf'),
  createdAt: IsoDateTimeSchema,
});
export type ProposalAttachment = Static<typeof ProposalAttachmentSchema>;

const NamedRef = Type.Object({ id: IdSchema, name: Type.String() });

export const ProposalSchema = Type.Object({
  id: IdSchema,
  status: Type.Enum(PROPOSAL_STATUSES),
  task: Type.Object({
    id: IdSchema,
    title: Type.String(),
    organisation: NamedRef,
    /** The enterprise's co-financing share the task asks for, to compare the proposal with. */
    cofinancingPercent: Type.Union([Type.Integer(), Type.Null()]),
  }),
  institute: NamedRef,
  /** The competitive call it answers; null for a proposal made directly on a task (no call feedback then). */
  callId: Type.Union([IdSchema, Type.Null()]),
  ...proposalContentFields,
  /** The enterprise's share of the total in this proposal (whole per cent), null without a total. */
  enterpriseSharePercent: Type.Union([Type.Number(), Type.Null()]),
  declineReasonCode: Type.Union([Type.Enum(DECLINE_REASON_CODES), Type.Null()]),
  declineNote: Type.Union([Type.String(), Type.Null()]),
  withdrawNote: Type.Union([Type.String(), Type.Null()]),
  attachments: Type.Array(ProposalAttachmentSchema),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  submittedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  statusChangedAt: IsoDateTimeSchema,
  /** Whole days in the current status. */
  stageAgeDays: Type.Integer(),
  /** Submitted and waiting for a decision longer than the platform's response time. */
  overdue: Type.Boolean(),
});
export type Proposal = Static<typeof ProposalSchema>;

/** Lists (inbox, my proposals): no long texts, no team names. */
export const ProposalSummarySchema = Type.Object({
  ...Type.Pick(ProposalSchema, [
    'id', 'status', 'task', 'institute', 'callId', 'title', 'totalBudgetKzt', 'trlStart', 'trlEnd', 'declineReasonCode', 'declineNote',
    'withdrawNote', 'createdAt', 'updatedAt', 'submittedAt', 'statusChangedAt', 'stageAgeDays', 'overdue',
  ]).properties,
  teamSize: Type.Integer(),
  milestoneCount: Type.Integer(),
});
export type ProposalSummary = Static<typeof ProposalSummarySchema>;

export const ProposalListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  /** The caller institute's own proposals. */
  mine: Type.Optional(Type.Boolean()),
  /** The caller enterprise's inbox across all its tasks. */
  inbox: Type.Optional(Type.Boolean()),
  status: Type.Optional(Type.Enum(PROPOSAL_STATUSES)),
  overdueOnly: Type.Optional(Type.Boolean()),
});
export type ProposalListQuery = Static<typeof ProposalListQuerySchema>;

export const TaskProposalsQuerySchema = Type.Omit(ProposalListQuerySchema, ['mine', 'inbox']);
export type TaskProposalsQuery = Static<typeof TaskProposalsQuerySchema>;

export const ProposalPageSchema = Type.Object({
  items: Type.Array(ProposalSummarySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});
export type ProposalPage = Static<typeof ProposalPageSchema>;

export const CompareProposalsQuerySchema = Type.Object({
  ids: Type.Array(IdSchema, { minItems: 2, maxItems: 4, uniqueItems: true }),
});
export type CompareProposalsQuery = Static<typeof CompareProposalsQuerySchema>;

export const ProposalComparisonSchema = Type.Object({
  ...Type.Pick(ProposalSchema, ['id', 'status', 'task', 'institute', 'title', 'totalBudgetKzt', 'trlStart', 'trlEnd', 'stageAgeDays', 'overdue']).properties,
  cofinancingBySource: Type.Object(Object.fromEntries(COFINANCING_SOURCES.map((source) => [source, KztSchema])) as Record<CofinancingSource, typeof KztSchema>),
  timeline: Type.Object({
    firstDueDate: Type.Union([IsoDateSchema, Type.Null()]),
    lastDueDate: Type.Union([IsoDateSchema, Type.Null()]),
    milestoneCount: Type.Integer(),
  }),
  teamSize: Type.Integer(),
  /** The institute's match with the task from the matching engine; null when it is not among the best matches or search is down. */
  match: Type.Union([Type.Object({ score: Type.Number(), explanation: MatchExplanationSchema }), Type.Null()]),
});
export type ProposalComparison = Static<typeof ProposalComparisonSchema>;

export const ProposalComparisonListSchema = Type.Object({ items: Type.Array(ProposalComparisonSchema) });
export type ProposalComparisonList = Static<typeof ProposalComparisonListSchema>;

export const AttachmentParamsSchema = Type.Object({ id: IdSchema, attachmentId: IdSchema });
