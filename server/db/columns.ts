import { timestamp, uuid } from 'drizzle-orm/pg-core';

// Column helpers every table uses, so ids and timestamps look the same everywhere.
export const primaryId = () => uuid('id').primaryKey().defaultRandom();
export const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

/**
 * The named columns that are present in `values`, and nothing else. Repositories write through an
 * explicit list per use case, so a field that reaches a service by mistake never reaches a row.
 */
export function pickColumns<T extends object, K extends keyof T>(values: T, columns: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const column of columns) if (values[column] !== undefined) picked[column] = values[column];
  return picked;
}
