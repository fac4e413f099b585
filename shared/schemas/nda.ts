import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateTimeSchema, LocaleSchema, PageQuerySchema } from './common.ts';

/** What a task page needs to offer the NDA dialog: embedded in `GET /api/tasks/:id`. */
export const TaskNdaStatusSchema = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  /** The caller's organisation accepted the current version. */
  accepted: Type.Boolean(),
  /** The caller may accept it: a person signed in for an institute. */
  canAccept: Type.Boolean(),
});
export type TaskNdaStatus = Static<typeof TaskNdaStatusSchema>;

export const NdaSchema = Type.Object({
  taskId: IdSchema,
  version: Type.Integer({ minimum: 1 }),
  /** The platform's standard text (in the asked language) rather than the enterprise's own. */
  standard: Type.Boolean(),
  text: Type.String(),
  /** The language of `text`: the asked one for the standard text, the task's for a custom one. */
  lang: LocaleSchema,
  updatedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  accepted: Type.Boolean(),
  /** When the caller's organisation accepted the current version. */
  acceptedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  canAccept: Type.Boolean(),
});
export type Nda = Static<typeof NdaSchema>;

export const NdaQuerySchema = Type.Object({ locale: Type.Optional(LocaleSchema) });
export type NdaQuery = Static<typeof NdaQuerySchema>;

export const AcceptNdaBodySchema = Type.Object({
  /** The version the person read: accepting a text that changed meanwhile is refused. */
  version: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
  /** The language the person read the text in (recorded with the acceptance); by default their interface language. */
  locale: Type.Optional(LocaleSchema),
});
export type AcceptNdaBody = Static<typeof AcceptNdaBodySchema>;

export const NDA_CUSTOM_TEXT_MIN = 50;
export const NDA_CUSTOM_TEXT_MAX = 20_000;

/** Exactly one of the two: the enterprise's own text, or back to the standard one. */
export const UpdateNdaBodySchema = Type.Object({
  customText: Type.Optional(Type.String({ minLength: NDA_CUSTOM_TEXT_MIN, maxLength: NDA_CUSTOM_TEXT_MAX })),
  useStandard: Type.Optional(Type.Literal(true)),
});
export type UpdateNdaBody = Static<typeof UpdateNdaBodySchema>;

export const ACCESS_LOG_ACTIONS = ['nda.accept', 'confidential.view'] as const;
export type AccessLogAction = (typeof ACCESS_LOG_ACTIONS)[number];

export const AccessLogEntrySchema = Type.Object({
  id: Type.Integer(),
  at: IsoDateTimeSchema,
  action: Type.Enum(ACCESS_LOG_ACTIONS),
  /** What was opened: `task.confidentialDetails` for views, `nda` for acceptances. */
  subject: Type.String(),
  ndaVersion: Type.Union([Type.Integer(), Type.Null()]),
  /** Null for platform administrators, who act for no organisation. */
  organisation: Type.Union([Type.Object({ id: IdSchema, name: Type.String() }), Type.Null()]),
  /** Null when an API token acted, or the person's account was deleted. */
  user: Type.Union([Type.Object({ id: IdSchema, fullName: Type.String() }), Type.Null()]),
  viaToken: Type.Boolean(),
});
export type AccessLogEntry = Static<typeof AccessLogEntrySchema>;

export const AccessLogQuerySchema = Type.Object({ ...PageQuerySchema.properties });
export type AccessLogQuery = Static<typeof AccessLogQuerySchema>;
