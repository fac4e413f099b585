import Type, { type Static, type TSchema } from 'typebox';
import { LOCALES, PRIORITY_AREAS, REGIONS, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX } from '../constants.ts';

export const IdSchema = Type.String({ format: 'uuid' });
export const IdParamsSchema = Type.Object({ id: IdSchema });
export type IdParams = Static<typeof IdParamsSchema>;

export const LocaleSchema = Type.Enum(LOCALES);
export const PriorityAreaSchema = Type.Enum(PRIORITY_AREAS);
export const RegionSchema = Type.Enum(REGIONS);
export const TrlSchema = Type.Integer({ minimum: 1, maximum: 9 });
/** Whole tenge; JSON numbers are exact far beyond any realistic budget (2^53). */
export const KztSchema = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000_000 });
export const IsoDateSchema = Type.String({ format: 'date' });
export const IsoDateTimeSchema = Type.String({ format: 'date-time' });
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
