import Type, { type Static } from 'typebox';
import {
  IdSchema, LocaleSchema, PriorityAreaSchema, RegionSchema, TrlSchema, KztSchema, IsoDateSchema,
  IsoDateTimeSchema, ExternalIdSchema, PageQuerySchema,
} from './common.ts';
import { TaskNdaStatusSchema } from './nda.ts';

export const TaskStatusSchema = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('closed')]);
export const TaskVisibilitySchema = Type.Union([Type.Literal('public'), Type.Literal('registered')]);

const LongText = (maxLength = 8000) => Type.String({ maxLength });
const NullableText = (maxLength = 8000) => Type.Union([Type.String({ maxLength }), Type.Null()]);

/** A measurable target, e.g. { metric: "Se recovery", baseline: "82", target: "≥ 95", unit: "%" }. */
export const TaskKpiSchema = Type.Object({
  metric: Type.String({ minLength: 1, maxLength: 200 }),
  baseline: Type.Optional(Type.String({ maxLength: 100 })),
  target: Type.String({ minLength: 1, maxLength: 100 }),
  unit: Type.Optional(Type.String({ maxLength: 40 })),
});
export type TaskKpi = Static<typeof TaskKpiSchema>;

/** The problem-statement template: every field an enterprise fills in. */
const taskTemplateFields = {
  title: Type.String({ minLength: 5, maxLength: 300 }),
  lang: LocaleSchema,
  problem: LongText(),
  currentProcess: NullableText(),
  processParameters: NullableText(),
  kpis: Type.Array(TaskKpiSchema, { maxItems: 20 }),
  constraints: NullableText(),
  triedBefore: NullableText(),
  samplesOffered: NullableText(2000),
  desiredOutcome: NullableText(),
  priorityArea: PriorityAreaSchema,
  region: RegionSchema,
  budgetMinKzt: Type.Union([KztSchema, Type.Null()]),
  budgetMaxKzt: Type.Union([KztSchema, Type.Null()]),
  cofinancingPercent: Type.Union([Type.Integer({ minimum: 0, maximum: 100 }), Type.Null()]),
  trlCurrent: Type.Union([TrlSchema, Type.Null()]),
  trlTarget: TrlSchema,
  deadline: Type.Union([IsoDateSchema, Type.Null()]),
  visibility: TaskVisibilitySchema,
  /** Seen only by the enterprise and, later, by parties who accept the task's NDA. */
  confidentialDetails: NullableText(),
};

/**
 * A task starts as a draft and saves with any subset of the template (a title alone, or nothing yet);
 * what publishing needs is checked when publishing (checkReadyToPublish) and listed to the enterprise.
 */
export const CreateTaskBodySchema = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 300 })),
  lang: Type.Optional(taskTemplateFields.lang),
  problem: Type.Optional(LongText()),
  priorityArea: Type.Optional(Type.Union([PriorityAreaSchema, Type.Null()])),
  region: Type.Optional(Type.Union([RegionSchema, Type.Null()])),
  trlTarget: Type.Optional(Type.Union([TrlSchema, Type.Null()])),
  currentProcess: Type.Optional(taskTemplateFields.currentProcess),
  processParameters: Type.Optional(taskTemplateFields.processParameters),
  kpis: Type.Optional(taskTemplateFields.kpis),
  constraints: Type.Optional(taskTemplateFields.constraints),
  triedBefore: Type.Optional(taskTemplateFields.triedBefore),
  samplesOffered: Type.Optional(taskTemplateFields.samplesOffered),
  desiredOutcome: Type.Optional(taskTemplateFields.desiredOutcome),
  budgetMinKzt: Type.Optional(taskTemplateFields.budgetMinKzt),
  budgetMaxKzt: Type.Optional(taskTemplateFields.budgetMaxKzt),
  cofinancingPercent: Type.Optional(taskTemplateFields.cofinancingPercent),
  trlCurrent: Type.Optional(taskTemplateFields.trlCurrent),
  deadline: Type.Optional(taskTemplateFields.deadline),
  visibility: Type.Optional(taskTemplateFields.visibility),
  confidentialDetails: Type.Optional(taskTemplateFields.confidentialDetails),
});
export type CreateTaskBody = Static<typeof CreateTaskBodySchema>;

export const UpdateTaskBodySchema = Type.Partial(CreateTaskBodySchema);
export type UpdateTaskBody = Static<typeof UpdateTaskBodySchema>;

export const TaskSchema = Type.Object({
  id: IdSchema,
  externalId: ExternalIdSchema,
  status: TaskStatusSchema,
  organisation: Type.Object({ id: IdSchema, name: Type.String() }),
  ...taskTemplateFields,
  // Null only on drafts: publishing requires them.
  title: Type.Union([Type.String({ maxLength: 300 }), Type.Null()]),
  problem: Type.Union([LongText(), Type.Null()]),
  priorityArea: Type.Union([PriorityAreaSchema, Type.Null()]),
  region: Type.Union([RegionSchema, Type.Null()]),
  trlTarget: Type.Union([TrlSchema, Type.Null()]),
  confidentialDetails: Type.Optional(NullableText()),
  /** True when the task has a confidential part, whether or not this viewer may read it. */
  hasConfidentialDetails: Type.Boolean(),
  /** On a single task with a confidential part: its NDA version and whether the caller's organisation accepted it. */
  nda: Type.Optional(TaskNdaStatusSchema),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
  publishedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  closedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  /** Why the enterprise closed the task; null unless closed. */
  closedReason: Type.Union([Type.String(), Type.Null()]),
});
export type Task = Static<typeof TaskSchema>;

/** Listings never carry the confidential part, nor the long template fields. */
export const TaskSummarySchema = Type.Pick(TaskSchema, [
  'id', 'externalId', 'status', 'organisation', 'title', 'lang', 'problem', 'priorityArea', 'region',
  'budgetMinKzt', 'budgetMaxKzt', 'cofinancingPercent', 'trlCurrent', 'trlTarget', 'deadline', 'visibility',
  'hasConfidentialDetails', 'publishedAt', 'updatedAt',
]);
export type TaskSummary = Static<typeof TaskSummarySchema>;

export const TASK_SORTS = ['newest', 'deadline', 'budget'] as const;

export const TaskQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  priorityArea: Type.Optional(Type.Array(PriorityAreaSchema, { maxItems: 8 })),
  region: Type.Optional(Type.Array(RegionSchema, { maxItems: 20 })),
  lang: Type.Optional(Type.Array(LocaleSchema, { maxItems: 3 })),
  /** Tasks whose budget range overlaps [budgetFrom, budgetTo]. */
  budgetFrom: Type.Optional(KztSchema),
  budgetTo: Type.Optional(KztSchema),
  trlFrom: Type.Optional(TrlSchema),
  trlTo: Type.Optional(TrlSchema),
  deadlineFrom: Type.Optional(IsoDateSchema),
  deadlineTo: Type.Optional(IsoDateSchema),
  /** Only meaningful for the enterprise's own tasks; others only ever see published ones. */
  status: Type.Optional(TaskStatusSchema),
  organisationId: Type.Optional(IdSchema),
  sort: Type.Optional(Type.Enum(TASK_SORTS)),
});
export type TaskQuery = Static<typeof TaskQuerySchema>;

export const CLOSE_REASON_MAX_LENGTH = 1000;

/** Publishing takes no reason; closing requires one (checked by the service: 'tasks.close_reason_required'). */
export const TaskStatusChangeSchema = Type.Object({
  status: Type.Union([Type.Literal('published'), Type.Literal('closed')]),
  reason: Type.Optional(Type.String({ maxLength: CLOSE_REASON_MAX_LENGTH })),
});
export type TaskStatusChange = Static<typeof TaskStatusChangeSchema>;
