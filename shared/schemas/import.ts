import Type, { type Static } from 'typebox';
import { KztSchema, LocaleSchema, PriorityAreaSchema, RegionSchema, TrlSchema, IsoDateSchema, HttpUrlSchema } from './common.ts';
import { LaboratorySchema, PastProjectSchema, PublicationSchema } from './institutes.ts';
import { TaskKpiSchema, TaskStatusSchema, TaskVisibilitySchema } from './tasks.ts';

// The exchange format for registries from other systems (and Kopir's own demo data).
// Records are matched by `externalId`: importing the same file twice updates, never duplicates.

const ExternalId = Type.String({ minLength: 1, maxLength: 200 });
const Text = (maxLength = 8000) => Type.String({ maxLength });

export const ImportInstituteSchema = Type.Object({
  externalId: ExternalId,
  name: Type.String({ minLength: 2, maxLength: 300 }),
  lang: LocaleSchema,
  city: Type.Optional(Type.String({ maxLength: 120 })),
  region: Type.Optional(RegionSchema),
  description: Text(),
  keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 })),
  priorityAreas: Type.Optional(Type.Array(PriorityAreaSchema, { maxItems: 8 })),
  bin: Type.Optional(Type.String({ pattern: '^[0-9]{12}$' })),
  website: Type.Optional(HttpUrlSchema),
  laboratories: Type.Optional(Type.Array(LaboratorySchema, { maxItems: 50 })),
  pastProjects: Type.Optional(Type.Array(PastProjectSchema, { maxItems: 100 })),
  publications: Type.Optional(Type.Array(PublicationSchema, { maxItems: 200 })),
});
export type ImportInstitute = Static<typeof ImportInstituteSchema>;

export const ImportTaskSchema = Type.Object({
  externalId: ExternalId,
  /** The enterprise's name: an enterprise organisation of that name is reused or created. */
  enterprise: Type.String({ minLength: 2, maxLength: 300 }),
  lang: LocaleSchema,
  title: Type.String({ minLength: 5, maxLength: 300 }),
  description: Type.String({ minLength: 1, maxLength: 8000 }),
  priorityArea: PriorityAreaSchema,
  region: RegionSchema,
  budgetKzt: Type.Optional(KztSchema),
  budgetMinKzt: Type.Optional(KztSchema),
  trlTarget: TrlSchema,
  trlCurrent: Type.Optional(TrlSchema),
  currentProcess: Type.Optional(Text()),
  processParameters: Type.Optional(Text()),
  kpis: Type.Optional(Type.Array(TaskKpiSchema, { maxItems: 20 })),
  constraints: Type.Optional(Text()),
  triedBefore: Type.Optional(Text()),
  samplesOffered: Type.Optional(Text(2000)),
  desiredOutcome: Type.Optional(Text()),
  cofinancingPercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  deadline: Type.Optional(IsoDateSchema),
  visibility: Type.Optional(TaskVisibilitySchema),
  status: Type.Optional(TaskStatusSchema),
  confidentialDetails: Type.Optional(Text()),
});
export type ImportTask = Static<typeof ImportTaskSchema>;

export const ImportFileSchema = Type.Object({
  institutes: Type.Optional(Type.Array(ImportInstituteSchema)),
  tasks: Type.Optional(Type.Array(ImportTaskSchema)),
});
export type ImportFile = Static<typeof ImportFileSchema>;
