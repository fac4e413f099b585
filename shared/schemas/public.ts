import Type, { type Static } from 'typebox';
import { IsoDateSchema, IsoDateTimeSchema, KztSchema, PageOf, PageQuerySchema, PriorityAreaSchema, RegionSchema } from './common.ts';
import { COFINANCING_SOURCES } from './proposals.ts';

// The public transparency API: no sign-in, only partnerships both parties agreed to publish, and only
// what open data may carry (never terms clauses, confidential task details or anybody's e-mail).

export const PARTNERSHIP_PUBLIC_STATUSES = ['active', 'at_risk', 'completed', 'terminated'] as const;
/** Policy target: about half of science and innovation money goes to national priority areas. */
export const NATIONAL_PRIORITY_TARGET_PERCENT = 50;
/** Prefix of open-data identifiers, like 360Giving's `<org-prefix>-<id>`. */
export const OPEN_DATA_PREFIX = 'KZ-KOPIR';

const SourceSchema = Type.Enum(COFINANCING_SOURCES);
const AmountsBySourceSchema = Type.Object(Object.fromEntries(COFINANCING_SOURCES.map((source) => [source, KztSchema])) as Record<(typeof COFINANCING_SOURCES)[number], typeof KztSchema>);
export type AmountsBySource = Static<typeof AmountsBySourceSchema>;

// ------------------------------------------------------------------ GET /api/public/stats

const MoneyRowSchema = Type.Object({
  partnerships: Type.Integer(),
  plannedKzt: KztSchema,
  disbursedKzt: KztSchema,
});

export const PublicStatsSchema = Type.Object({
  totals: MoneyRowSchema,
  /** Null key: partnerships whose task named no priority area (or region). */
  byPriorityArea: Type.Array(Type.Object({ key: Type.Union([PriorityAreaSchema, Type.Null()]), national: Type.Boolean(), ...MoneyRowSchema.properties })),
  byRegion: Type.Array(Type.Object({ key: Type.Union([RegionSchema, Type.Null()]), ...MoneyRowSchema.properties })),
  /** Planned money by the source of its tranche, disbursed money by the source it was paid from. */
  bySource: Type.Array(Type.Object({ key: SourceSchema, ...MoneyRowSchema.properties })),
  /** Planned by the year of the tranche's date, disbursed by the payment's date, partnerships by award year. */
  byYear: Type.Array(Type.Object({ year: Type.Integer(), ...MoneyRowSchema.properties })),
  byStatus: Type.Array(Type.Object({ key: Type.Enum(PARTNERSHIP_PUBLIC_STATUSES), partnerships: Type.Integer() })),
  /** Money in national priority areas against the 50 % target; shares are null when there is no money yet. */
  nationalPriority: Type.Object({
    targetPercent: Type.Integer(),
    plannedKzt: KztSchema,
    disbursedKzt: KztSchema,
    plannedPercent: Type.Union([Type.Number(), Type.Null()]),
    disbursedPercent: Type.Union([Type.Number(), Type.Null()]),
  }),
  generatedAt: IsoDateTimeSchema,
});
export type PublicStats = Static<typeof PublicStatsSchema>;

// ------------------------------------------------------------------ GET /api/public/partnerships

const filterFields = {
  priorityArea: Type.Optional(PriorityAreaSchema),
  region: Type.Optional(RegionSchema),
  /** Partnerships with planned money from this source. */
  source: Type.Optional(SourceSchema),
  /** The year of the award (the agreement). */
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
  status: Type.Optional(Type.Enum(PARTNERSHIP_PUBLIC_STATUSES)),
};
export const PublicPartnershipFilterSchema = Type.Object(filterFields);
export type PublicPartnershipFilter = Static<typeof PublicPartnershipFilterSchema>;
export const PublicPartnershipQuerySchema = Type.Object({ ...filterFields, ...PageQuerySchema.properties });
export type PublicPartnershipQuery = Static<typeof PublicPartnershipQuerySchema>;

const OrganisationRefSchema = Type.Object({
  /** `KZ-BIN-<bin>`, or `KZ-KOPIR-ORG-<id>` for an organisation registered without a BIN. */
  id: Type.String(),
  name: Type.String(),
});

/**
 * One partnership as open data, modelled on the 360Giving standard (a grant): identifier, title,
 * description, currency, amountAwarded, awardDate, recipient and funding organisations, planned
 * dates, beneficiary location, programme, lastModified — plus Kopir's amounts by source.
 */
export const PublicPartnershipSchema = Type.Object({
  identifier: Type.String(),
  title: Type.String(),
  /** The task's published problem statement (public tasks only); never its confidential details. */
  description: Type.Union([Type.String(), Type.Null()]),
  currency: Type.Literal('KZT'),
  amountAwarded: KztSchema,
  amountDisbursed: KztSchema,
  awardDate: IsoDateSchema,
  plannedDates: Type.Object({ startDate: IsoDateSchema, endDate: IsoDateSchema }),
  recipientOrganization: OrganisationRefSchema,
  /** The enterprise (its own money), then the subsoil-user fund and the state programme when they pay. */
  fundingOrganization: Type.Array(Type.Object({ ...OrganisationRefSchema.properties, source: SourceSchema, amount: KztSchema })),
  beneficiaryLocation: Type.Union([
    Type.Object({
      /** ISO 3166-2:KZ (2022). */
      geoCode: Type.String(),
      geoCodeType: Type.Literal('ISO 3166-2'),
      region: RegionSchema,
      name: Type.String(),
      nameRu: Type.String(),
      nameKk: Type.String(),
    }),
    Type.Null(),
  ]),
  grantProgramme: Type.Union([Type.Object({ code: PriorityAreaSchema, title: Type.String(), national: Type.Boolean() }), Type.Null()]),
  status: Type.Enum(PARTNERSHIP_PUBLIC_STATUSES),
  plannedBySource: AmountsBySourceSchema,
  disbursedBySource: AmountsBySourceSchema,
  lastModified: IsoDateTimeSchema,
});
export type PublicPartnership = Static<typeof PublicPartnershipSchema>;

export const PublicPartnershipPageSchema = PageOf(PublicPartnershipSchema);
export type PublicPartnershipPage = Static<typeof PublicPartnershipPageSchema>;

/** `GET /api/public/partnerships.json`: the whole filtered set, in 360Giving's package shape. */
export const PublicOpenDataSchema = Type.Object({
  license: Type.String(),
  generatedAt: IsoDateTimeSchema,
  grants: Type.Array(PublicPartnershipSchema),
});
export type PublicOpenData = Static<typeof PublicOpenDataSchema>;

export const OPEN_DATA_LICENSE = 'CC-BY-4.0';
