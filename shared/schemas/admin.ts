import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateTimeSchema, PageQuerySchema } from './common.ts';
import { SessionOrganisationSchema } from './auth.ts';

export const AdminUserQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  /** Part of the e-mail or the name. */
  q: Type.Optional(Type.String({ maxLength: 200 })),
});
export type AdminUserQuery = Static<typeof AdminUserQuerySchema>;

export const AdminUserSchema = Type.Object({
  id: IdSchema,
  email: Type.String(),
  fullName: Type.String(),
  isPlatformAdmin: Type.Boolean(),
  createdAt: IsoDateTimeSchema,
  disabledAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
  disabledReason: Type.Union([Type.String(), Type.Null()]),
  organisation: Type.Union([SessionOrganisationSchema, Type.Null()]),
});
export type AdminUser = Static<typeof AdminUserSchema>;

export const DisableUserBodySchema = Type.Object({
  reason: Type.String({ minLength: 3, maxLength: 500 }),
});
export type DisableUserBody = Static<typeof DisableUserBodySchema>;

export const AuditQuerySchema = Type.Object({
  ...PageQuerySchema.properties,
  entityType: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  actorUserId: Type.Optional(IdSchema),
  /** The acting person's e-mail, whole and case-insensitive: how a reader knows people. */
  actorEmail: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  from: Type.Optional(IsoDateTimeSchema),
  to: Type.Optional(IsoDateTimeSchema),
});
export type AuditQuery = Static<typeof AuditQuerySchema>;

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: IsoDateTimeSchema,
  actorUserId: Type.Union([IdSchema, Type.Null()]),
  actorEmail: Type.Union([Type.String(), Type.Null()]),
  actorTokenId: Type.Union([IdSchema, Type.Null()]),
  actorLabel: Type.Union([Type.String(), Type.Null()]),
  organisationId: Type.Union([IdSchema, Type.Null()]),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Type.String(),
  changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type AuditEntryView = Static<typeof AuditEntrySchema>;
