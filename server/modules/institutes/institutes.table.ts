import { pgTable, text, uuid, jsonb, integer } from 'drizzle-orm/pg-core';
import { updatedAt } from '../../db/columns.ts';
import { organisations } from '../organisations/organisations.table.ts';
import type { Laboratory, PastProject, Publication } from '../../../shared/schemas/institutes.ts';

/** One profile per institute organisation; name, region and city live on the organisation. */
export const instituteProfiles = pgTable('institute_profiles', {
  organisationId: uuid('organisation_id').primaryKey().references(() => organisations.id, { onDelete: 'cascade' }),
  lang: text('lang', { enum: ['ru', 'kk', 'en'] }).notNull().default('ru'),
  description: text('description').notNull().default(''),
  laboratories: jsonb('laboratories').$type<Laboratory[]>().notNull().default([]),
  pastProjects: jsonb('past_projects').$type<PastProject[]>().notNull().default([]),
  publications: jsonb('publications').$type<Publication[]>().notNull().default([]),
  keywords: text('keywords').array().notNull().default([]),
  priorityAreas: text('priority_areas').array().notNull().default([]),
  /** The TRL band the institute works in (e.g. 3–6); null when not stated. */
  trlMin: integer('trl_min'),
  trlMax: integer('trl_max'),
  updatedAt: updatedAt(),
});
export type InstituteProfileRow = typeof instituteProfiles.$inferSelect;
