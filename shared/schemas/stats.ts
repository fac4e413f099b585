import Type, { type Static } from 'typebox';

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
  }),
});
export type Health = Static<typeof HealthSchema>;
