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
import { EMBEDDER_NAME, composeInstituteText, composeTaskText, type InstituteDocument, type TaskDocument } from '../search/search.documents.ts';
import { instituteDocumentToSummary, taskDocumentToSummary } from '../search/search.service.ts';
import { buildIdFilter, buildTaskFilter } from '../search/search.filters.ts';
import type { IndexNames } from '../search/search.settings.ts';
import { findMeiliApiError, isIndexMissing } from '../../search/meili-client.ts';
import { buildMatchWeights, MATCH_CANDIDATES, MATCH_SEMANTIC_RATIO } from './matching.weights.ts';
import { evaluateSignals, sumContributions } from './matching.signals.ts';
import { conceptAreasOf, createMatchExplainer } from './matching.explain.ts';

export interface MatchingDeps {
  db: Db;
  meili: Meilisearch;
  indexNames: IndexNames;
  embedder: CachedEmbedder;
  regionWeight: number;
}

// What re-ranking needs of each of the MATCH_CANDIDATES; the long texts (a profile's labs, projects
// and publications) are fetched only for the matches shown: on 20 000 profiles Meilisearch took
// ~7 ms longer to send all sixty whole (~280 kB) and the API as long again to read them.
const INSTITUTE_RANKING_FIELDS = ['id', 'priorityAreas', 'concepts', 'region', 'trlMin', 'trlMax', 'industryProjectCount'] as const;
const TASK_RANKING_FIELDS = ['id', 'priorityArea', 'region', 'trlTarget'] as const;

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

  async function askMeilisearch<T>(run: () => Promise<T>, whenNoIndex: T): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isIndexMissing(error)) return whenNoIndex;
      throw new AppError(503, 'search.unavailable', `Matching is temporarily unavailable: ${findMeiliApiError(error)?.message ?? (error as Error).message}`);
    }
  }

  /** The candidates to re-rank, with only the fields the signals need. */
  function findCandidates<T extends Record<string, unknown>>(index: string, q: string, vector: number[], filter: string[], fields: string[]) {
    return askMeilisearch(async () => (await meili.index<T>(index).search(q, {
      hybrid: { embedder: EMBEDDER_NAME, semanticRatio: MATCH_SEMANTIC_RATIO },
      vector, filter, limit: MATCH_CANDIDATES, attributesToRetrieve: fields, showRankingScore: true,
    })).hits, []);
  }

  /** Whole documents of the matches shown, by id (one gone meanwhile is simply missing). */
  function loadDocuments<T extends Record<string, unknown> & { id: string }>(index: string, ids: string[]) {
    return askMeilisearch(async () => {
      if (ids.length === 0) return new Map<string, T>();
      const { hits } = await meili.index<T>(index).search('', { filter: [buildIdFilter(ids)], limit: ids.length });
      return new Map(hits.map((hit) => [hit.id, hit as T]));
    }, new Map<string, T>());
  }

  return {
    /** Institutes ranked for a task: for the task's enterprise, program offices and admins. */
    async matchInstitutesForTask(auth: AuthContext, taskId: string, query: MatchQuery & { locale: Locale }): Promise<{ taskId: string; externalId: string | null; needsDescription: boolean; matches: InstituteMatch[] }> {
      requireSignedIn(auth);
      const found = await tasksRepo.findById(taskId);
      if (!found) throw notFound('tasks.not_found', 'The task');
      const { task } = found;
      const ownTask = auth.isAdmin || isMemberOf(auth, task.organisationId);
      // A draft is its enterprise's alone until published: to anyone else it does not exist.
      if (!ownTask && task.status === 'draft') throw notFound('tasks.not_found', 'The task');
      if (!ownTask && auth.organisation?.kind !== 'program_office') {
        throw forbidden("Only the task's enterprise and program offices see its matches.");
      }
      // A draft with only a title ranked every institute alike (the same score for all): say what is missing instead.
      if (!task.problem?.trim() && !task.desiredOutcome?.trim()) return { taskId: task.id, externalId: task.externalId, needsDescription: true, matches: [] };
      const taskText = composeTaskText(task);
      const [vector] = await embedder.embedDocuments([taskText]);
      const hits = await findCandidates<Pick<InstituteDocument, (typeof INSTITUTE_RANKING_FIELDS)[number]>>(indexNames.institutes, keywordQueryOf(task.title ?? ''), vector, [], [...INSTITUTE_RANKING_FIELDS]);
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
      const shown = matches.slice(0, query.limit ?? 10);
      const documents = await loadDocuments<InstituteDocument>(indexNames.institutes, shown.map(({ doc }) => doc.id));
      const explainer = createMatchExplainer(taskText, 'task', query.locale);
      return {
        taskId: task.id,
        externalId: task.externalId,
        needsDescription: false,
        matches: shown.flatMap(({ doc: { id }, signals, score }) => {
          const doc = documents.get(id);
          return doc ? [{ institute: instituteDocumentToSummary(doc), score, explanation: { ...explainer.explain(documentText(doc)), signals } }] : [];
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
      const hits = await findCandidates<Pick<TaskDocument, (typeof TASK_RANKING_FIELDS)[number]>>(indexNames.tasks, keywordQueryOf(profile.keywords.join(' ') || organisation.name), vector, filter, [...TASK_RANKING_FIELDS]);
      const explainer = createMatchExplainer(instituteText, 'institute', query.locale);
      const conceptAreas = conceptAreasOf(explainer.queryConceptIds);
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
      const shown = matches.slice(0, query.limit ?? 10);
      const documents = await loadDocuments<TaskDocument>(indexNames.tasks, shown.map(({ doc }) => doc.id));
      return {
        instituteId,
        externalId: organisation.externalId,
        matches: shown.flatMap(({ doc: { id }, signals, score }) => {
          const doc = documents.get(id);
          return doc ? [{ task: taskDocumentToSummary(doc), score, explanation: { ...explainer.explain(taskDocumentText(doc)), signals } }] : [];
        }),
      };
    },
  };
}
export type MatchingService = ReturnType<typeof createMatchingService>;
