import Type, { type Static, type TSchema } from 'typebox';
import { LOCALES, PRIORITY_AREAS, REGIONS, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../constants.ts';

export const IdSchema = Type.String({ format: 'uuid' });
export const IdParamsSchema = Type.Object({ id: IdSchema });
export type IdParams = Static<typeof IdParamsSchema>;

export const LocaleSchema = Type.Enum(LOCALES);
export const PriorityAreaSchema = Type.Enum(PRIORITY_AREAS);
export const RegionSchema = Type.Enum(REGIONS);
export const TrlSchema = Type.Integer({ minimum: 1, maximum: 9 });
/**
 * The largest amount one field takes: 10 trillion ₸, far above any research budget. Sums are done in
 * JavaScript numbers, exact below 2^53 (about 9 × 10^15): with this cap a proposal's 20 milestones, and
 * the totals of hundreds of partnerships at the cap, stay exact.
 */
export const MAX_KZT = 10_000_000_000_000;
/** Whole tenge. */
export const KztSchema = Type.Integer({ minimum: 0, maximum: MAX_KZT });
/** The years a date may name: PostgreSQL has no year 0, and no deadline or milestone is centuries away. */
export const DATE_YEARS = { first: 1900, last: 2200 } as const;
/** The start of a date or date-time within DATE_YEARS (the format checks the rest). */
export const DATE_YEARS_PATTERN = '^(19\\d{2}|2[01]\\d{2}|2200)-';
export const IsoDateSchema = Type.String({ format: 'date', pattern: DATE_YEARS_PATTERN });
export const IsoDateTimeSchema = Type.String({ format: 'date-time', pattern: DATE_YEARS_PATTERN });
/** Websites and publication links: absolute http(s) only, never `javascript:` or `data:`. */
export const HttpUrlSchema = Type.String({ maxLength: 500, format: 'uri', pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/]+' });
export const ExternalIdSchema = Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()]);

export const PageQuerySchema = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT })),
});

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
  });
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const ErrorResponseSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

export const OkSchema = Type.Object({ ok: Type.Literal(true) });
