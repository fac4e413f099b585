import Type, { type Static } from 'typebox';
import { LocaleSchema, IdSchema, RegionSchema } from './common.ts';

/** Strength beyond length is checked by `checkPasswordStrength` (shared/password-strength.ts). */
export const PASSWORD_MIN_LENGTH = 10;

export const EmailSchema = Type.String({ format: 'email', maxLength: 254 });
export const PasswordSchema = Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: 200 });
/** 12 digits; the control digit is checked by the service (see shared/bin.ts). */
export const BinSchema = Type.String({ pattern: '^[0-9]{12}$' });

export const SignUpBodySchema = Type.Object({
  email: EmailSchema,
  password: PasswordSchema,
  fullName: Type.String({ minLength: 2, maxLength: 200 }),
  locale: Type.Optional(LocaleSchema),
  organisation: Type.Object({
    // Program offices are government bodies: an admin creates them, nobody signs up as one.
    kind: Type.Union([Type.Literal('enterprise'), Type.Literal('institute')]),
    name: Type.String({ minLength: 2, maxLength: 300 }),
    bin: BinSchema,
    region: Type.Optional(RegionSchema),
    city: Type.Optional(Type.String({ maxLength: 120 })),
  }),
});
export type SignUpBody = Static<typeof SignUpBodySchema>;

export const SignInBodySchema = Type.Object({
  email: EmailSchema,
  password: Type.String({ minLength: 1, maxLength: 200 }),
});
export type SignInBody = Static<typeof SignInBodySchema>;

export const SessionOrganisationSchema = Type.Object({
  id: IdSchema,
  kind: Type.Union([Type.Literal('enterprise'), Type.Literal('institute'), Type.Literal('program_office')]),
  name: Type.String(),
  role: Type.Union([Type.Literal('owner'), Type.Literal('member')]),
});

export const SessionSchema = Type.Object({
  user: Type.Union([
    Type.Object({
      id: IdSchema,
      email: Type.String(),
      fullName: Type.String(),
      locale: LocaleSchema,
      isPlatformAdmin: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  organisation: Type.Union([SessionOrganisationSchema, Type.Null()]),
  /** Send back as the `x-csrf-token` header on every cookie-authenticated write. */
  csrfToken: Type.Union([Type.String(), Type.Null()]),
});
export type Session = Static<typeof SessionSchema>;

export const UpdateMeBodySchema = Type.Object({
  fullName: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  locale: Type.Optional(LocaleSchema),
});
export type UpdateMeBody = Static<typeof UpdateMeBodySchema>;

/** A new e-mail address needs the current password: a borrowed session must not take the account over. */
export const ChangeEmailBodySchema = Type.Object({
  email: EmailSchema,
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
});
export type ChangeEmailBody = Static<typeof ChangeEmailBodySchema>;

export const ChangePasswordBodySchema = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: PasswordSchema,
});
export type ChangePasswordBody = Static<typeof ChangePasswordBodySchema>;

export const PasswordResetRequestBodySchema = Type.Object({ email: EmailSchema });
export type PasswordResetRequestBody = Static<typeof PasswordResetRequestBodySchema>;

/** The same answer whether or not the address has an account. */
export const PasswordResetAcceptedSchema = Type.Object({ accepted: Type.Literal(true) });
export type PasswordResetAccepted = Static<typeof PasswordResetAcceptedSchema>;

export const PasswordResetConfirmBodySchema = Type.Object({
  token: Type.String({ minLength: 16, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' }),
  password: PasswordSchema,
});
export type PasswordResetConfirmBody = Static<typeof PasswordResetConfirmBodySchema>;
