import Type, { type Static } from 'typebox';
import { IdSchema, IsoDateTimeSchema, LocaleSchema } from './common.ts';
import { EmailSchema, PasswordSchema } from './auth.ts';
import { MemberRoleSchema, OrgKindSchema } from './organisations.ts';

/** Invitation links carry 32 random bytes, base64url. */
export const InvitationTokenSchema = Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' });
export const InvitationTokenParamsSchema = Type.Object({ token: InvitationTokenSchema });

export const CreateInvitationBodySchema = Type.Object({
  email: EmailSchema,
  role: Type.Optional(MemberRoleSchema),
});
export type CreateInvitationBody = Static<typeof CreateInvitationBodySchema>;

/** What the organisation's owners see of a pending invitation (never the token). */
export const InvitationSchema = Type.Object({
  id: IdSchema,
  email: Type.String(),
  role: MemberRoleSchema,
  invitedBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoDateTimeSchema,
  expiresAt: IsoDateTimeSchema,
});
export type Invitation = Static<typeof InvitationSchema>;

/** What the holder of the link sees before accepting. */
export const InvitationPreviewSchema = Type.Object({
  organisation: Type.Object({ id: IdSchema, name: Type.String(), kind: OrgKindSchema }),
  email: Type.String(),
  role: MemberRoleSchema,
  expiresAt: IsoDateTimeSchema,
  /** Whether an account with the invited address exists: the link's holder proved they read that mailbox. */
  accountExists: Type.Boolean(),
});
export type InvitationPreview = Static<typeof InvitationPreviewSchema>;

/** Signed-in people send nothing; a person without an account sends their name and a password. */
export const AcceptInvitationBodySchema = Type.Object({
  fullName: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  password: Type.Optional(PasswordSchema),
  /** The newcomer's interface language, as with sign-up. */
  locale: Type.Optional(LocaleSchema),
});
export type AcceptInvitationBody = Static<typeof AcceptInvitationBodySchema>;
