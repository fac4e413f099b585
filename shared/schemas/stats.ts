import Type, { type Static } from 'typebox';
import { IsoDateTimeSchema } from './common.ts';

const Counts = Type.Record(Type.String(), Type.Integer());

export const OverviewSchema = Type.Object({
  tasks: Type.Object({
    byStatus: Counts,
    byPriorityArea: Counts,
    byRegion: Counts,
    publishedBudgetKzt: Type.Integer(),
  }),
  institutes: Type.Integer(),
  enterprises: Type.Integer(),
});
export type Overview = Static<typeof OverviewSchema>;

export const HealthSchema = Type.Object({
  status: Type.Enum(['ok', 'degraded', 'down']),
  database: Type.Object({ status: Type.Enum(['ok', 'down']), driver: Type.String(), latencyMs: Type.Number() }),
  search: Type.Object({
    status: Type.Enum(['ok', 'down']),
    latencyMs: Type.Number(),
    embedded: Type.Boolean(),
    /** Changes written but not yet in the search index, and the age of the oldest. */
    indexLag: Type.Object({ pending: Type.Integer(), oldestSeconds: Type.Number() }),
    /**
     * The Meilisearch process Kopir started and supervises (null for one at MEILI_URL): restarting
     * after it exited, down while restarts keep failing.
     */
    process: Type.Union([
      Type.Object({
        status: Type.Enum(['up', 'restarting', 'down']),
        restarts: Type.Integer(),
        lastExitAt: Type.Union([IsoDateTimeSchema, Type.Null()]),
      }),
      Type.Null(),
    ]),
  }),
});
export type Health = Static<typeof HealthSchema>;
