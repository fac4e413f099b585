import Type, { type Static } from 'typebox';
import { IdSchema, RegionSchema, IsoDateTimeSchema, ExternalIdSchema, PageQuerySchema, HttpUrlSchema } from './common.ts';
import { BinSchema } from './auth.ts';

export const OrgKindSchema = Type.Union([Type.Literal('enterprise'), Type.Literal('institute'), Type.Literal('program_office')]);
export const MemberRoleSchema = Type.Union([Type.Literal('owner'), Type.Literal('member')]);

export const OrganisationSchema = Type.Object({
  id: IdSchema,
  kind: OrgKindSchema,
  name: Type.String(),
  bin: Type.Union([Type.String(), Type.Null()]),
  externalId: ExternalIdSchema,
  region: Type.Union([RegionSchema, Type.Null()]),
  city: Type.Union([Type.String(), Type.Null()]),
  website: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTimeSchema,
});
export type Organisation = Static<typeof OrganisationSchema>;

export const OrganisationQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  kind: Type.Optional(OrgKindSchema),
  q: Type.Optional(Type.String({ maxLength: 200 })),
});
export type OrganisationQuery = Static<typeof OrganisationQuerySchema>;

export const CreateOrganisationBodySchema = Type.Object({
  kind: OrgKindSchema,
  name: Type.String({ minLength: 2, maxLength: 300 }),
  bin: BinSchema,
  region: Type.Optional(RegionSchema),
  city: Type.Optional(Type.String({ maxLength: 120 })),
  website: Type.Optional(HttpUrlSchema),
});
export type CreateOrganisationBody = Static<typeof CreateOrganisationBodySchema>;

export const UpdateOrganisationBodySchema = Type.Object({
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 300 })),
  region: Type.Optional(Type.Union([RegionSchema, Type.Null()])),
  city: Type.Optional(Type.Union([Type.String({ maxLength: 120 }), Type.Null()])),
  website: Type.Optional(Type.Union([HttpUrlSchema, Type.Null()])),
});
export type UpdateOrganisationBody = Static<typeof UpdateOrganisationBodySchema>;

export const MemberSchema = Type.Object({
  userId: IdSchema,
  email: Type.String(),
  fullName: Type.String(),
  role: MemberRoleSchema,
  joinedAt: IsoDateTimeSchema,
});
export type Member = Static<typeof MemberSchema>;
