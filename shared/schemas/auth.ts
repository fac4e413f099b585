import Type, { type Static } from 'typebox';
import { LocaleSchema, IdSchema, RegionSchema } from './common.ts';

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
