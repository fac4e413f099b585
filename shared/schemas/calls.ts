import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateTimeSchema, KztSchema, LocaleSchema, PageQuerySchema, PriorityAreaSchema, MAX_KZT } from './common.ts';
import { CreateProposalBodySchema } from './proposals.ts';

// Competitive selection: a program office opens a call, experts score proposals against the
// call's published criteria, a council votes openly, every proposer hears the outcome.

// ------------------------------------------------------------------ vocabulary

/** draft → open → closed (deadline passed, proposals frozen) → scoring → council → decided. */
export const CALL_STATUSES = ['draft', 'open', 'closed', 'scoring', 'council', 'decided'] as const;
export type CallStatus = (typeof CALL_STATUSES)[number];

/** What a funded proposal becomes: a negotiation with the enterprise, or a partnership under the proposal's own terms at once. */
export const FUNDING_MODES = ['negotiation', 'standard_terms'] as const;
export type FundingMode = (typeof FUNDING_MODES)[number];

/** pending: the expert has not declared yet (sees only the title); conflict: removed by the expert's declaration. */
export const ASSIGNMENT_STATUSES = ['pending', 'accepted', 'conflict', 'scored'] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** A moderation round on a flagged proposal: open until every expert answered or the office closed it. */
export const MODERATION_STATUSES = ['open', 'closed'] as const;
export type ModerationStatus = (typeof MODERATION_STATUSES)[number];
/** What an expert did in the round: revised the scores (each line with a comment saying why) or confirmed them unchanged. */
export const MODERATION_ANSWERS = ['revised', 'confirmed'] as const;
export type ModerationAnswer = (typeof MODERATION_ANSWERS)[number];

/** `conflict` is never cast by a person: it is recorded for a member tied to the proposer or the task's enterprise. */
export const VOTE_CHOICES = ['for', 'against', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

export const CALL_CRITERIA_MAX = 12;
export const CALL_TASKS_MAX = 20;
export const SCALE_MAX = 10;
export const EXPERTS_PER_PROPOSAL_DEFAULT = 3;
export const COUNCIL_MEMBERS_MAX = 25;

// ------------------------------------------------------------------ what a program manager writes

export const CriterionSchema = Type.Object({
  /** Stable key the scores refer to, e.g. `scientific_merit`. */
  key: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
  name: Type.String({ minLength: 2, maxLength: 200 }),
  /** Whole points; the weights of a call add up to exactly 100. */
  weight: Type.Integer({ minimum: 1, maximum: 100 }),
  scaleMin: Type.Integer({ minimum: 0, maximum: SCALE_MAX }),
  scaleMax: Type.Integer({ minimum: 1, maximum: SCALE_MAX }),
  /** What each level means, from scaleMin to scaleMax (one description per level). */
  levels: Type.Array(Type.String({ minLength: 1, maxLength: 500 }), { minItems: 2, maxItems: SCALE_MAX + 1 }),
});
export type Criterion = Static<typeof CriterionSchema>;

export const CreateCallBodySchema = Type.Object({
  title: Type.String({ minLength: 5, maxLength: 300 }),
  description: Type.String({ minLength: 20, maxLength: 8000 }),
  /** The call's tasks; empty means an open theme in the priority area. */
  taskIds: Type.Array(IdSchema, { maxItems: CALL_TASKS_MAX, uniqueItems: true }),
  priorityArea: PriorityAreaSchema,
  budgetEnvelopeKzt: Type.Integer({ minimum: 1, maximum: MAX_KZT }),
  eligibility: Type.String({ maxLength: 4000 }),
  /** Server time decides; after it proposals are frozen. */
  deadline: IsoDateTimeSchema,
  expertsPerProposal: Type.Optional(Type.Integer({ minimum: 1, maximum: 9, default: EXPERTS_PER_PROPOSAL_DEFAULT })),
  /** Points (of 100) between the highest and the lowest expert total above which a proposal is flagged for moderation. */
  divergenceThreshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  /** Points (of 100) a proposal's mean needs to pass to the council with a recommendation. */
  passThreshold: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 60 })),
  fundingMode: Type.Enum(FUNDING_MODES),
  criteria: Type.Array(CriterionSchema, { minItems: 1, maxItems: CALL_CRITERIA_MAX }),
});
export type CreateCallBody = Static<typeof CreateCallBodySchema>;

/**
 * A draft's changes: any field of the create body; the result is checked as a whole (weights add up
 * to 100). The thresholds are restated without their defaults: the validator fills defaults in, and
 * a PATCH that leaves them out must keep the stored values.
 */
export const UpdateCallBodySchema = Type.Partial(
  Type.Object({
    ...CreateCallBodySchema.properties,
    expertsPerProposal: Type.Integer({ minimum: 1, maximum: 9 }),
    divergenceThreshold: Type.Integer({ minimum: 1, maximum: 100 }),
    passThreshold: Type.Integer({ minimum: 0, maximum: 100 }),
  }),
  { minProperties: 1 },
);
export type UpdateCallBody = Static<typeof UpdateCallBodySchema>;

export const CallStatusBodySchema = Type.Object({ status: Type.Union([Type.Literal('open'), Type.Literal('scoring'), Type.Literal('council')]) });
export type CallStatusBody = Static<typeof CallStatusBodySchema>;

/** A proposal to a call: an ordinary proposal plus the call's task it answers (omit for an open theme). */
export const CreateCallProposalBodySchema = Type.Object({
  ...CreateProposalBodySchema.properties,
  taskId: Type.Optional(IdSchema),
});
export type CreateCallProposalBody = Static<typeof CreateCallProposalBodySchema>;

export const CallListQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  status: Type.Optional(Type.Enum(CALL_STATUSES)),
});
export type CallListQuery = Static<typeof CallListQuerySchema>;

// ------------------------------------------------------------------ what the API answers

const NamedRef = Type.Object({ id: IdSchema, name: Type.String() });

export const CallSchema = Type.Object({
  id: IdSchema,
  status: Type.Enum(CALL_STATUSES),
  programOffice: NamedRef,
  title: Type.String(),
  description: Type.String(),
  priorityArea: PriorityAreaSchema,
  tasks: Type.Array(Type.Object({ id: IdSchema, title: Type.String(), organisation: NamedRef })),
  /** True for an open theme: proposals then answer the call's own anchor task (see README). */
  openTheme: Type.Boolean(),
  budgetEnvelopeKzt: KztSchema,
  eligibility: Type.String(),
  deadline: IsoDateTimeSchema,
  expertsPerProposal: Type.Integer(),
  divergenceThreshold: Type.Integer(),
  passThreshold: Type.Integer(),
  fundingMode: Type.Enum(FUNDING_MODES),
  criteria: Type.Array(CriterionSchema),
  proposalCount: Type.Integer(),
  openedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  createdAt: IsoDateTimeSchema,
});
export type Call = Static<typeof CallSchema>;

export const CallSummarySchema = Type.Pick(CallSchema, ['id', 'status', 'programOffice', 'title', 'priorityArea', 'openTheme', 'budgetEnvelopeKzt', 'deadline', 'fundingMode', 'proposalCount']);
export type CallSummary = Static<typeof CallSummarySchema>;

export const CallPageSchema = Type.Object({ items: Type.Array(CallSummarySchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });
export type CallPage = Static<typeof CallPageSchema>;

export const TallySchema = Type.Object({
  members: Type.Integer(),
  for: Type.Integer(),
  against: Type.Integer(),
  abstain: Type.Integer(),
  /** Members tied to the proposer or the task's enterprise: abstained automatically, not counted for the quorum. */
  conflict: Type.Integer(),
  quorum: Type.Boolean(),
  /** null: no quorum, no decision. */
  decision: Type.Union([Type.Literal('funded'), Type.Literal('not_funded'), Type.Null()]),
});
export type Tally = Static<typeof TallySchema>;

export const OutcomeSchema = Type.Object({
  funded: Type.Boolean(),
  amountKzt: Type.Union([KztSchema, Type.Null()]),
  rationale: Type.String(),
  decidedAt: IsoDateTimeSchema,
  /** Where a funded proposal went: a partnership under standard terms, or a negotiation (shortlisted). */
  partnershipId: Type.Union([IdSchema, Type.Null()]),
});
export type Outcome = Static<typeof OutcomeSchema>;

/** The public view: the call, its criteria and, once decided, funded proposals with amounts and tallies. */
export const PublicCallSchema = Type.Object({
  ...CallSchema.properties,
  funded: Type.Array(Type.Object({ proposalId: IdSchema, title: Type.String(), institute: NamedRef, amountKzt: KztSchema, tally: TallySchema })),
});
export type PublicCall = Static<typeof PublicCallSchema>;

// ------------------------------------------------------------------ experts

export const RegisterExpertBodySchema = Type.Object({
  email: Type.String({ format: 'email', maxLength: 320 }),
  fields: Type.Array(PriorityAreaSchema, { minItems: 1, maxItems: 8, uniqueItems: true }),
  languages: Type.Array(LocaleSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
});
export type RegisterExpertBody = Static<typeof RegisterExpertBodySchema>;

export const ExpertSchema = Type.Object({
  id: IdSchema,
  user: Type.Object({ id: IdSchema, fullName: Type.String(), email: Type.String() }),
  organisation: Type.Union([NamedRef, Type.Null()]),
  fields: Type.Array(PriorityAreaSchema),
  languages: Type.Array(LocaleSchema),
});
export type Expert = Static<typeof ExpertSchema>;
export const ExpertListSchema = Type.Object({ items: Type.Array(ExpertSchema) });

export const ExpertSuggestionSchema = Type.Object({
  expert: ExpertSchema,
  /** 2 = field and language fit, 1 = one of them, 0 = neither. */
  fit: Type.Integer(),
  reasons: Type.Array(Type.Union([Type.Literal('field'), Type.Literal('language')])),
});
export const ExpertSuggestionListSchema = Type.Object({ items: Type.Array(ExpertSuggestionSchema) });
export type ExpertSuggestion = Static<typeof ExpertSuggestionSchema>;

export const AssignExpertBodySchema = Type.Object({ proposalId: IdSchema, expertId: IdSchema });
export type AssignExpertBody = Static<typeof AssignExpertBodySchema>;

export const AutoAssignResultSchema = Type.Object({ assigned: Type.Integer(), short: Type.Array(Type.Object({ proposalId: IdSchema, missing: Type.Integer() })) });

export const ScoreLineSchema = Type.Object({
  criterion: Type.String({ minLength: 1, maxLength: 40 }),
  score: Type.Integer({ minimum: 0, maximum: SCALE_MAX }),
  /** Mandatory: the proposer reads it (anonymised) with the outcome. */
  comment: Type.String({ minLength: 1, maxLength: 4000 }),
});
export type ScoreLine = Static<typeof ScoreLineSchema>;

export const DeclarationBodySchema = Type.Object({
  conflict: Type.Boolean(),
  /** Required with a conflict: same organisation, recent joint work, personal interest… */
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type DeclarationBody = Static<typeof DeclarationBodySchema>;

export const SubmitScoresBodySchema = Type.Object({ scores: Type.Array(ScoreLineSchema, { minItems: 1, maxItems: CALL_CRITERIA_MAX }) });
export type SubmitScoresBody = Static<typeof SubmitScoresBodySchema>;

// ------------------------------------------------------------------ moderation

export const OpenModerationBodySchema = Type.Object({
  /** What the office asks the experts to look at again; every expert of the proposal reads it. */
  note: Type.String({ minLength: 3, maxLength: 4000 }),
});
export type OpenModerationBody = Static<typeof OpenModerationBodySchema>;

export const ModerationAnswerBodySchema = Type.Object({
  answer: Type.Union([Type.Literal('confirm'), Type.Literal('revise')]),
  /** With `revise` only: the whole sheet again, each comment saying why the score changed (or stays). */
  scores: Type.Optional(Type.Array(ScoreLineSchema, { minItems: 1, maxItems: CALL_CRITERIA_MAX })),
});
export type ModerationAnswerBody = Static<typeof ModerationAnswerBodySchema>;

/** A round as the office and the results see it: experts by label only, the divergence before it. */
export const ModerationRoundSchema = Type.Object({
  id: IdSchema,
  proposalId: IdSchema,
  status: Type.Enum(MODERATION_STATUSES),
  note: Type.String(),
  openedAt: IsoDateTimeSchema,
  closedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  /** `manager`: closed by the office before every expert answered; `answers`: closed by the last answer. */
  closedBy: Type.Union([Type.Literal('manager'), Type.Literal('answers'), Type.Null()]),
  /** How many experts the round asks (those who had scored when it opened). */
  experts: Type.Integer(),
  answers: Type.Array(Type.Object({ expert: Type.String(), answer: Type.Enum(MODERATION_ANSWERS), answeredAt: IsoDateTimeSchema })),
  /** Highest minus lowest expert total when the round opened, points of 100 (the results' `divergence` is the current one). */
  divergenceBefore: Type.Number(),
});
export type ModerationRound = Static<typeof ModerationRoundSchema>;

/** What one expert of the proposal sees of its latest round: the others' scores by label and their own answer. */
export const AssignmentModerationSchema = Type.Object({
  id: IdSchema,
  status: Type.Enum(MODERATION_STATUSES),
  note: Type.String(),
  openedAt: IsoDateTimeSchema,
  closedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  /** The expert's own label in the round, so "Expert B" knows which line is theirs. */
  me: Type.String(),
  myAnswer: Type.Union([Type.Object({ answer: Type.Enum(MODERATION_ANSWERS), answeredAt: IsoDateTimeSchema, scoresBefore: Type.Array(ScoreLineSchema) }), Type.Null()]),
});
export type AssignmentModeration = Static<typeof AssignmentModerationSchema>;

export const AssignmentSchema = Type.Object({
  id: IdSchema,
  status: Type.Enum(ASSIGNMENT_STATUSES),
  call: Type.Object({ id: IdSchema, title: Type.String(), status: Type.Enum(CALL_STATUSES), criteria: Type.Array(CriterionSchema) }),
  proposal: Type.Object({
    id: IdSchema,
    title: Type.String(),
    /** Only after the expert declared no conflict. */
    institute: Type.Union([NamedRef, Type.Null()]),
    summary: Type.Union([Type.String(), Type.Null()]),
    approach: Type.Union([Type.String(), Type.Null()]),
    totalBudgetKzt: Type.Union([KztSchema, Type.Null()]),
  }),
  myScores: Type.Union([Type.Array(ScoreLineSchema), Type.Null()]),
  /** The other experts' scores, anonymised, only once every assigned expert has submitted. */
  otherScores: Type.Union([Type.Array(Type.Object({ expert: Type.String(), scores: Type.Array(ScoreLineSchema) })), Type.Null()]),
  /** The proposal's latest moderation round, for an expert who scored it; null for everyone else. */
  moderation: Type.Union([AssignmentModerationSchema, Type.Null()]),
  declaredAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  scoredAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type Assignment = Static<typeof AssignmentSchema>;
export const AssignmentSummarySchema = Type.Object({
  ...Type.Omit(AssignmentSchema, ['otherScores', 'moderation']).properties,
  /** A moderation round waits for this expert's answer. */
  moderationDue: Type.Boolean(),
});
export type AssignmentSummary = Static<typeof AssignmentSummarySchema>;
export const AssignmentListSchema = Type.Object({ items: Type.Array(AssignmentSummarySchema) });

// ------------------------------------------------------------------ results

export const ProposalResultSchema = Type.Object({
  rank: Type.Union([Type.Integer(), Type.Null()]),
  proposal: Type.Object({ id: IdSchema, title: Type.String(), institute: NamedRef, totalBudgetKzt: Type.Union([KztSchema, Type.Null()]) }),
  experts: Type.Object({ assigned: Type.Integer(), scored: Type.Integer(), conflicts: Type.Integer() }),
  /** Complete when every assigned expert (at least the call's number) has submitted; scores stay hidden until then. */
  complete: Type.Boolean(),
  /** Weighted mean of the experts' totals, points of 100, rounded to 2 decimals for display; exact as a fraction. */
  score: Type.Union([Type.Number(), Type.Null()]),
  scoreExact: Type.Union([Type.String(), Type.Null()]),
  perCriterion: Type.Union([Type.Array(Type.Object({ criterion: Type.String(), mean: Type.Number() })), Type.Null()]),
  /** Highest minus lowest expert total, points of 100. */
  divergence: Type.Union([Type.Number(), Type.Null()]),
  flaggedForModeration: Type.Boolean(),
  /** The latest moderation round on the proposal, if any (the scores above are the latest, after it). */
  moderation: Type.Union([ModerationRoundSchema, Type.Null()]),
  passesThreshold: Type.Union([Type.Boolean(), Type.Null()]),
  tally: Type.Union([TallySchema, Type.Null()]),
  outcome: Type.Union([OutcomeSchema, Type.Null()]),
});
export type ProposalResult = Static<typeof ProposalResultSchema>;
/** The call's money: the envelope, what funded outcomes hold of it (less those that left without agreement), what is left. */
export const CallEnvelopeSchema = Type.Object({ budgetKzt: KztSchema, committedKzt: KztSchema, remainingKzt: KztSchema });
export type CallEnvelope = Static<typeof CallEnvelopeSchema>;

export const CallResultsSchema = Type.Object({ callId: IdSchema, status: Type.Enum(CALL_STATUSES), passThreshold: Type.Integer(), envelope: CallEnvelopeSchema, items: Type.Array(ProposalResultSchema) });
export type CallResults = Static<typeof CallResultsSchema>;

// ------------------------------------------------------------------ council

export const SetCouncilBodySchema = Type.Object({
  memberEmails: Type.Array(Type.String({ format: 'email', maxLength: 320 }), { minItems: 1, maxItems: COUNCIL_MEMBERS_MAX, uniqueItems: true }),
  chairEmail: Type.String({ format: 'email', maxLength: 320 }),
});
export type SetCouncilBody = Static<typeof SetCouncilBodySchema>;

export const CastVoteBodySchema = Type.Object({ proposalId: IdSchema, vote: Type.Enum(VOTE_CHOICES) });
export type CastVoteBody = Static<typeof CastVoteBodySchema>;

export const CouncilSchema = Type.Object({
  callId: IdSchema,
  status: Type.Enum(CALL_STATUSES),
  /** Quorum: more than half of the members vote in person; funded: for ≥ ⅔ of (for + against). */
  members: Type.Array(Type.Object({ userId: IdSchema, fullName: Type.String(), chair: Type.Boolean() })),
  /** The caller's member id, so the voting page knows which ballots are theirs; null for others. */
  me: Type.Union([IdSchema, Type.Null()]),
  ballots: Type.Array(Type.Object({
    proposalId: IdSchema,
    title: Type.String(),
    score: Type.Union([Type.Number(), Type.Null()]),
    votes: Type.Array(Type.Object({ userId: IdSchema, fullName: Type.String(), vote: Type.Union([Type.Enum(VOTE_CHOICES), Type.Literal('conflict')]), at: IsoDateTimeSchema })),
    tally: TallySchema,
  })),
});
export type Council = Static<typeof CouncilSchema>;

export const RecordOutcomeBodySchema = Type.Object({
  proposalId: IdSchema,
  /** Funded amount; defaults to the proposal's total (standard terms fund exactly that). */
  amountKzt: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_KZT })),
  rationale: Type.String({ minLength: 3, maxLength: 4000 }),
});
export type RecordOutcomeBody = Static<typeof RecordOutcomeBodySchema>;

/** What the proposer sees: the outcome and the experts' comments, anonymised. */
export const CallFeedbackSchema = Type.Object({
  call: Type.Object({ id: IdSchema, title: Type.String() }),
  outcome: Type.Union([OutcomeSchema, Type.Null()]),
  score: Type.Union([Type.Number(), Type.Null()]),
  tally: Type.Union([TallySchema, Type.Null()]),
  reviews: Type.Array(Type.Object({ expert: Type.String(), scores: Type.Array(ScoreLineSchema) })),
});
export type CallFeedback = Static<typeof CallFeedbackSchema>;

export const CallParamsSchema = Type.Object({ id: IdSchema });

// ------------------------------------------------------------------ rules both sides apply

export interface CallIssue {
  path: string;
  message: string;
  /** What is wrong, for a translated message (the web form): `message` is the API's English words. */
  code: 'weights_total' | 'key_twice' | 'scale_order' | 'levels_count';
  /** The numbers and names the message mentions; `criterion` counts from 1. */
  values: Record<string, string | number>;
}

/**
 * Criteria that can be published: weights adding up to exactly 100, unique keys, a scale going up,
 * and one level description per point of the scale. Pure, so the web form shows the server's words.
 */
export function criteriaIssues(criteria: Criterion[]): CallIssue[] {
  const issues: CallIssue[] = [];
  const total = criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  if (total !== 100) issues.push({ path: '/criteria', message: `weights add up to ${total}, not 100`, code: 'weights_total', values: { total } });
  const seen = new Set<string>();
  criteria.forEach((criterion, index) => {
    if (seen.has(criterion.key)) issues.push({ path: `/criteria/${index}/key`, message: `${criterion.key} is used twice`, code: 'key_twice', values: { criterion: index + 1, key: criterion.key } });
    seen.add(criterion.key);
    if (criterion.scaleMax <= criterion.scaleMin) {
      issues.push({ path: `/criteria/${index}/scaleMax`, message: `must be above the scale's minimum (${criterion.scaleMin})`, code: 'scale_order', values: { criterion: index + 1, min: criterion.scaleMin } });
    } else if (criterion.levels.length !== criterion.scaleMax - criterion.scaleMin + 1) {
      const needed = criterion.scaleMax - criterion.scaleMin + 1;
      issues.push({ path: `/criteria/${index}/levels`, message: `needs ${needed} descriptions (one per level ${criterion.scaleMin}–${criterion.scaleMax}), has ${criterion.levels.length}`, code: 'levels_count', values: { criterion: index + 1, needed, min: criterion.scaleMin, max: criterion.scaleMax, has: criterion.levels.length } });
    }
  });
  return issues;
}

/**
 * The council's rule, in whole numbers. Quorum: more than half of the members voted in person
 * (for, against or abstain; automatic conflict abstentions do not count). Decision: funded when
 * `for` is at least two thirds of the votes cast for or against (3·for ≥ 2·(for + against), with at
 * least one vote for); abstentions count for the quorum only. No quorum: no decision.
 */
export function tallyVotes(members: number, votes: { vote: VoteChoice | 'conflict' }[]): Tally {
  const count = (choice: VoteChoice | 'conflict') => votes.filter((vote) => vote.vote === choice).length;
  const tally = { members, for: count('for'), against: count('against'), abstain: count('abstain'), conflict: count('conflict') };
  const quorum = 2 * (tally.for + tally.against + tally.abstain) > members;
  const funded = tally.for > 0 && 3 * tally.for >= 2 * (tally.for + tally.against);
  return { ...tally, quorum, decision: quorum ? (funded ? 'funded' : 'not_funded') : null };
}

export const CallProposalCreatedSchema = Type.Object({ id: IdSchema, status: Type.String(), callId: IdSchema, taskId: IdSchema });
