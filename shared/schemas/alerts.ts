import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateTimeSchema, PageQuerySchema } from './common.ts';
import { TaskSearchQuerySchema } from './search.ts';

/** How many searches one person may keep: each one is run against every newly published task. */
export const SAVED_SEARCHES_MAX = 20;

// ------------------------------------------------------------------ saved searches

/**
 * The search as the web ran it, without paging (an alert is about tasks, not about page 3).
 * `semanticRatio` is kept for re-running it; alerts match on keywords and filters only.
 */
export const SavedSearchQuerySchema = Type.Omit(TaskSearchQuerySchema, ['page', 'pageSize']);
export type SavedSearchQuery = Static<typeof SavedSearchQuerySchema>;

export const CreateSavedSearchBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 120 }),
  query: SavedSearchQuerySchema,
});
export type CreateSavedSearchBody = Static<typeof CreateSavedSearchBodySchema>;

export const SavedSearchSchema = Type.Object({
  id: IdSchema,
  name: Type.String(),
  query: SavedSearchQuerySchema,
  createdAt: IsoDateTimeSchema,
});
export type SavedSearch = Static<typeof SavedSearchSchema>;

// ------------------------------------------------------------------ notifications

/** What a partnership notification is about: a status it moved to, a report or a change request. */
export const PARTNERSHIP_EVENTS = ['at_risk', 'active', 'completed', 'terminated', 'report_submitted', 'report_accepted', 'report_returned', 'change_proposed', 'change_accepted', 'change_rejected'] as const;
export type PartnershipEvent = (typeof PARTNERSHIP_EVENTS)[number];

export const NOTIFICATION_KINDS = ['task_match', 'proposal_submitted', 'proposal_declined', 'proposal_overdue', 'negotiation_activity', 'partnership_update', 'call_outcome', 'call_moderation'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Why a person is told about a task: one of their saved searches, or their institute's profile. */
export const NotificationReasonSchema = Type.Union([
  Type.Object({ kind: Type.Literal('saved_search'), savedSearchId: IdSchema, name: Type.String() }),
  /** `concepts`: the top concepts task and profile share, in the recipient's language. */
  Type.Object({ kind: Type.Literal('profile'), score: Type.Number(), concepts: Type.Array(Type.String()) }),
  /**
   * A proposal on the task: submitted or waiting too long (to the enterprise), declined (to the
   * institute, with the reason code and note). `organisationName` is then the other party.
   */
  Type.Object({
    kind: Type.Literal('proposal'),
    event: Type.Union([Type.Literal('submitted'), Type.Literal('declined'), Type.Literal('overdue')]),
    proposalId: IdSchema,
    proposalTitle: Type.String(),
    reasonCode: Type.Union([Type.String(), Type.Null()]),
    note: Type.Union([Type.String(), Type.Null()]),
  }),
  /**
   * Activity in a negotiation room while the person was not in it: one notification per room,
   * renewed once they have read it. `event` is the most important thing that happened.
   */
  Type.Object({
    kind: Type.Literal('negotiation'),
    event: Type.Union([Type.Literal('message'), Type.Literal('offer'), Type.Literal('agreed'), Type.Literal('ended')]),
    negotiationId: IdSchema,
    proposalId: IdSchema,
    proposalTitle: Type.String(),
  }),
  /**
   * Something happened in a partnership the recipient's organisation is party to (`taskId` is the
   * partnership's task, or the partnership itself when a call funded it without one).
   */
  Type.Object({
    kind: Type.Literal('partnership'),
    event: Type.Enum(PARTNERSHIP_EVENTS),
    partnershipId: IdSchema,
    note: Type.Union([Type.String(), Type.Null()]),
  }),
  /** The outcome of a competitive call, to the proposing institute (feedback on the proposal page). */
  Type.Object({
    kind: Type.Literal('call'),
    callId: IdSchema,
    proposalId: IdSchema,
    proposalTitle: Type.String(),
    outcome: Type.Union([Type.Literal('funded'), Type.Literal('negotiation'), Type.Literal('not_funded')]),
    amountKzt: Type.Union([Type.Integer(), Type.Null()]),
  }),
  /**
   * The call's office opened a moderation round on a proposal an expert scored: look again, then
   * revise or confirm (`note` is what the office asks). The link is the expert's assignment.
   */
  Type.Object({
    kind: Type.Literal('moderation'),
    callId: IdSchema,
    proposalId: IdSchema,
    proposalTitle: Type.String(),
    note: Type.String(),
  }),
]);
export type NotificationReason = Static<typeof NotificationReasonSchema>;

export const TaskMatchPayloadSchema = Type.Object({
  taskId: IdSchema,
  title: Type.String(),
  organisationName: Type.String(),
  reason: NotificationReasonSchema,
  /** Path in the web app, e.g. /tasks/<id>. */
  link: Type.String(),
});
export type TaskMatchPayload = Static<typeof TaskMatchPayloadSchema>;

export const NotificationSchema = Type.Object({
  id: IdSchema,
  kind: Type.Enum(NOTIFICATION_KINDS),
  subjectId: IdSchema,
  payload: TaskMatchPayloadSchema,
  createdAt: IsoDateTimeSchema,
  readAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type Notification = Static<typeof NotificationSchema>;

export const NotificationQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  unreadOnly: Type.Optional(Type.Boolean({ default: false })),
});
export type NotificationQuery = Static<typeof NotificationQuerySchema>;

export const NotificationPageSchema = Type.Object({
  items: Type.Array(NotificationSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  /** Unread notifications in all pages (the badge), whatever the filter. */
  unread: Type.Integer(),
});
export type NotificationPage = Static<typeof NotificationPageSchema>;

export const ReadAllResultSchema = Type.Object({ updated: Type.Integer() });

/** Messages the server sends over GET /api/notifications/live (a WebSocket). */
export const LiveMessageSchema = Type.Union([
  Type.Object({ type: Type.Literal('hello'), unread: Type.Integer() }),
  Type.Object({ type: Type.Literal('notification'), notification: NotificationSchema }),
]);
export type LiveMessage = Static<typeof LiveMessageSchema>;
