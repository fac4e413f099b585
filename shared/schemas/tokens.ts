import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateTimeSchema } from './common.ts';

export const ApiTokenSchema = Type.Object({
  id: IdSchema,
  name: Type.String(),
  prefix: Type.String(),
  role: Type.Enum(['admin', 'member']),
  organisationId: Type.Union([IdSchema, Type.Null()]),
  createdAt: IsoDateTimeSchema,
  lastUsedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  revokedAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

export const CreateApiTokenBodySchema = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  /** Admins only: a token for another organisation, or (with role admin) a platform-admin token. */
  organisationId: Type.Optional(IdSchema),
  role: Type.Optional(Type.Enum(['admin', 'member'])),
});
export type CreateApiTokenBody = Static<typeof CreateApiTokenBodySchema>;

/** The secret is shown once, at creation; only its hash is stored. */
export const CreatedApiTokenSchema = Type.Object({ token: Type.String(), apiToken: ApiTokenSchema });
