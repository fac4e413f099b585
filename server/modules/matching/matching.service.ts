import { eq } from 'drizzle-orm';
import type { Meilisearch } from 'meilisearch';
import type { Db } from '../../db/database.ts';
import type { Locale } from '../../../shared/constants.ts';
import type { InstituteMatch, MatchQuery, TaskMatch } from '../../../shared/schemas/search.ts';
import { AppError, notFound } from '../../errors.ts';
import { isMemberOf, requireSignedIn, type AuthContext } from '../auth/auth-context.ts';
import { forbidden } from '../../errors.ts';
import { createTasksRepo } from '../tasks/tasks.repo.ts';
import { organisations } from '../organisations/organisations.table.ts';
import { instituteProfiles } from '../institutes/institutes.table.ts';
import type { CachedEmbedder } from '../embeddings/embedding-cache.ts';
import { EMBEDDER_NAME, composeInstituteText, describeConcepts, composeTaskText, type InstituteDocument, type TaskDocument } from '../search/search.documents.ts';
import { instituteDocumentToSummary, taskDocumentToSummary } from '../search/search.service.ts';
import { buildTaskFilter } from '../search/search.filters.ts';
import type { IndexNames } from '../search/search.settings.ts';
import { findMeiliApiError, isIndexMissing } from '../../search/meili-client.ts';
import { buildMatchWeights, MATCH_CANDIDATES, MATCH_SEMANTIC_RATIO } from './matching.weights.ts';
import { evaluateSignals, sumContributions } from './matching.signals.ts';
import { conceptAreasOf, findSharedConcepts, selectPassages } from './matching.explain.ts';

export interface MatchingDeps {
  db: Db;
  meili: Meilisearch;
  indexNames: IndexNames;
  embedder: CachedEmbedder;
  regionWeight: number;
}

// Meilisearch weighs at most 10 query words; the vector carries the whole text.
const KEYWORD_QUERY_WORDS = 10;
const keywordQueryOf = (text: string) => text.split(/\s+/).slice(0, KEYWORD_QUERY_WORDS).join(' ');

const documentText = (doc: InstituteDocument) => [doc.name, doc.description, doc.keywords.join(', '), ...doc.laboratories, ...doc.projects, ...doc.publications].join('\n');
const taskDocumentText = (doc: TaskDocument) => [doc.title, doc.problem, doc.details].join('\n');

export function resolveLocale(auth: AuthContext, requested: Locale | undefined, acceptLanguage: string | undefined): Locale {
  if (requested) return requested;
  if (auth.user?.locale) return auth.user.locale;
  const header = (acceptLanguage ?? '').toLowerCase();
  return (['kk', 'ru', 'en'] as const).find((code) => header.startsWith(code)) ?? 'ru';
}

export function createMatchingService({ db, meili, indexNames, embedder, regionWeight }: MatchingDeps) {
  const tasksRepo = createTasksRepo({ db });
  const weights = buildMatchWeights(regionWeight);

  async function searchIndex<T extends Record<string, unknown>>(index: string, q: string, vector: number[], filter: string[], limit: number) {
    try {
      const result = await meili.index<T>(index).search(q, {
        hybrid: { embedder: EMBEDDER_NAME, semanticRatio: MATCH_SEMANTIC_RATIO },
        vector,
        filter,
        limit,
        showRankingScore: true,
      });
      return result.hits;
    } catch (error) {
      if (isIndexMissing(error)) return [];
      throw new AppError(503, 'search.unavailable', `Matching is temporarily unavailable: ${findMeiliApiError(error)?.message ?? (error as Error).message}`);
    }
  }

  return {
    /** Institutes ranked for a task: for the task's enterprise, program offices and admins. */
    async matchInstitutesForTask(auth: AuthContext, taskId: string, query: MatchQuery & { locale: Locale }): Promise<{ taskId: string; externalId: string | null; matches: InstituteMatch[] }> {
      requireSignedIn(auth);
      const found = await tasksRepo.findById(taskId);
      if (!found) throw notFound('tasks.not_found', 'The task');
      const { task } = found;
      if (!auth.isAdmin && !isMemberOf(auth, task.organisationId) && auth.organisation?.kind !== 'program_office') {
        throw forbidden("Only the task's enterprise and program offices see its matches.");
      }
      const taskText = composeTaskText(task);
      const [vector] = await embedder.embedDocuments([taskText]);
      const hits = await searchIndex<InstituteDocument>(indexNames.institutes, keywordQueryOf(`${task.title}`), vector, [], MATCH_CANDIDATES);
      const matches = hits.map((doc) => {
        const signals = evaluateSignals(
          {
            textScore: doc._rankingScore ?? 0, taskArea: task.priorityArea, instituteAreas: doc.priorityAreas, instituteConceptAreas: conceptAreasOf(doc.concepts),
            taskRegion: task.region, instituteRegion: doc.region, trlTarget: task.trlTarget, trlMin: doc.trlMin, trlMax: doc.trlMax, industryProjectCount: doc.industryProjectCount,
          },
          weights,
          query.locale,
        );
        return { doc, signals, score: sumContributions(signals) };
      });
      matches.sort((a, b) => b.score - a.score);
      return {
        taskId: task.id,
        externalId: task.externalId,
        matches: matches.slice(0, query.limit ?? 10).map(({ doc, signals, score }) => {
          const instituteText = documentText(doc);
          const sharedConcepts = findSharedConcepts(taskText, instituteText, query.locale);
          return {
            institute: instituteDocumentToSummary(doc),
            score,
            explanation: { sharedConcepts, passages: selectPassages(instituteText, taskText, new Set(sharedConcepts.map((c) => c.id))), signals },
          };
        }),
      };
    },

    /** Open tasks ranked for an institute: for its members, program offices and admins. */
    async matchTasksForInstitute(auth: AuthContext, instituteId: string, query: MatchQuery & { locale: Locale }): Promise<{ instituteId: string; externalId: string | null; matches: TaskMatch[] }> {
      requireSignedIn(auth);
      const [row] = await db
        .select({ organisation: organisations, profile: instituteProfiles })
        .from(organisations)
        .innerJoin(instituteProfiles, eq(instituteProfiles.organisationId, organisations.id))
        .where(eq(organisations.id, instituteId));
      if (!row) throw notFound('institutes.not_found', 'The institute');
      if (!auth.isAdmin && !isMemberOf(auth, instituteId) && auth.organisation?.kind !== 'program_office') {
        throw forbidden('Only members of this institute and program offices see its matches.');
      }
      const { organisation, profile } = row;
      const instituteText = composeInstituteText(organisation, profile);
      const [vector] = await embedder.embedDocuments([instituteText]);
      const today = Math.floor(Date.now() / 1000);
      // Open tasks only: published, visible to a signed-in institute, deadline not passed.
      const filter = [...buildTaskFilter(auth, {}), `(deadlineTs IS NULL OR deadlineTs >= ${today})`];
      const hits = await searchIndex<TaskDocument>(indexNames.tasks, keywordQueryOf(profile.keywords.join(' ') || organisation.name), vector, filter, MATCH_CANDIDATES);
      const conceptAreas = conceptAreasOf(describeConcepts(instituteText).concepts);
      const matches = hits.map((doc) => {
        const signals = evaluateSignals(
          {
            textScore: doc._rankingScore ?? 0, taskArea: doc.priorityArea, instituteAreas: profile.priorityAreas, instituteConceptAreas: conceptAreas,
            taskRegion: doc.region, instituteRegion: organisation.region, trlTarget: doc.trlTarget, trlMin: profile.trlMin, trlMax: profile.trlMax,
            industryProjectCount: profile.pastProjects.filter((project) => project.partner?.trim()).length,
          },
          weights,
          query.locale,
        );
        return { doc, signals, score: sumContributions(signals) };
      });
      matches.sort((a, b) => b.score - a.score);
      return {
        instituteId,
        externalId: organisation.externalId,
        matches: matches.slice(0, query.limit ?? 10).map(({ doc, signals, score }) => {
          const taskText = taskDocumentText(doc);
          const sharedConcepts = findSharedConcepts(taskText, instituteText, query.locale);
          return {
            task: taskDocumentToSummary(doc),
            score,
            explanation: { sharedConcepts, passages: selectPassages(taskText, instituteText, new Set(sharedConcepts.map((c) => c.id))), signals },
          };
        }),
      };
    },
  };
}
export type MatchingService = ReturnType<typeof createMatchingService>;
