import Type, { type Static } from 'typebox';
import {
  IdSchema, LocaleSchema, PriorityAreaSchema, RegionSchema, IsoDateTimeSchema, ExternalIdSchema, PageQuerySchema, HttpUrlSchema,
} from './common.ts';

export const LaboratorySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 300 }),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
  accredited: Type.Boolean(),
  equipment: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 }),
});
export type Laboratory = Static<typeof LaboratorySchema>;

export const PastProjectSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 500 }),
  year: Type.Optional(Type.Integer({ minimum: 1950, maximum: 2100 })),
  partner: Type.Optional(Type.String({ maxLength: 300 })),
  description: Type.Optional(Type.String({ maxLength: 4000 })),
});
export type PastProject = Static<typeof PastProjectSchema>;

export const PublicationSchema = Type.Object({
  title: Type.String({ minLength: 1, maxLength: 500 }),
  year: Type.Optional(Type.Integer({ minimum: 1950, maximum: 2100 })),
  venue: Type.Optional(Type.String({ maxLength: 300 })),
  url: Type.Optional(HttpUrlSchema),
});
export type Publication = Static<typeof PublicationSchema>;

const profileFields = {
  lang: LocaleSchema,
  /** Required to say something: an institute is found by what it describes. */
  description: Type.String({ minLength: 1, maxLength: 8000, pattern: '\\S' }),
  laboratories: Type.Array(LaboratorySchema, { maxItems: 50 }),
  pastProjects: Type.Array(PastProjectSchema, { maxItems: 100 }),
  publications: Type.Array(PublicationSchema, { maxItems: 200 }),
  keywords: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 50 }),
  priorityAreas: Type.Array(PriorityAreaSchema, { maxItems: 8, uniqueItems: true }),
};

export const InstituteSchema = Type.Object({
  id: IdSchema,
  externalId: ExternalIdSchema,
  name: Type.String(),
  region: Type.Union([RegionSchema, Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  ...profileFields,
  updatedAt: IsoDateTimeSchema,
});
export type Institute = Static<typeof InstituteSchema>;

export const InstituteSummarySchema = Type.Object({
  ...Type.Pick(InstituteSchema, ['id', 'externalId', 'name', 'region', 'city', 'lang', 'keywords', 'priorityAreas']).properties,
  /** The first lines of the description, for cards. */
  summary: Type.String(),
  laboratoryCount: Type.Integer(),
  accreditedLaboratoryCount: Type.Integer(),
});
export type InstituteSummary = Static<typeof InstituteSummarySchema>;

export const UpdateInstituteBodySchema = Type.Partial(
  Type.Object({
    ...profileFields,
    region: Type.Union([RegionSchema, Type.Null()]),
    city: Type.Union([Type.String({ maxLength: 120 }), Type.Null()]),
    website: Type.Union([HttpUrlSchema, Type.Null()]),
  }),
);
export type UpdateInstituteBody = Static<typeof UpdateInstituteBodySchema>;

export const InstituteQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  q: Type.Optional(Type.String({ maxLength: 200 })),
  priorityArea: Type.Optional(Type.Array(PriorityAreaSchema, { maxItems: 8 })),
  region: Type.Optional(Type.Array(RegionSchema, { maxItems: 20 })),
  lang: Type.Optional(Type.Array(LocaleSchema, { maxItems: 3 })),
  accreditedOnly: Type.Optional(Type.Boolean()),
});
export type InstituteQuery = Static<typeof InstituteQuerySchema>;
