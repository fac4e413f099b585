import { getDefaultThesaurus, type Thesaurus } from '../thesaurus/thesaurus.ts';
import type { TaskRow } from '../tasks/tasks.table.ts';
import type { OrganisationRow } from '../organisations/organisations.table.ts';
import type { InstituteProfileRow } from '../institutes/institutes.table.ts';
import { BUDGET_BANDS, type BudgetBand } from '../../../shared/schemas/search.ts';
import { FACET_KEYS_ATTRIBUTE, INSTITUTE_FACETS, TASK_FACETS, facetKeysOf } from './search.facets.ts';

export const EMBEDDER_NAME = 'kopir';

const joinParts = (parts: Array<string | null | undefined>) => parts.filter((part) => part && part.trim()).join('\n');

/** What a task is about, for embeddings and concept extraction: the problem, not the paperwork. */
export function composeTaskText(task: TaskRow): string {
  return joinParts([
    task.title,
    task.problem,
    task.desiredOutcome,
    task.currentProcess,
    task.processParameters,
    task.kpis.map((kpi) => `${kpi.metric} ${kpi.target}${kpi.unit ?? ''}`).join('; '),
    task.constraints,
    task.triedBefore,
  ]);
}

export function composeInstituteText(organisation: OrganisationRow, profile: InstituteProfileRow): string {
  return joinParts([
    organisation.name,
    profile.description,
    profile.keywords.join(', '),
    ...profile.laboratories.map((lab) => joinParts([lab.name, lab.description, lab.equipment.join(', ')])),
    ...profile.pastProjects.map((project) => joinParts([project.title, project.description])),
    ...profile.publications.map((publication) => publication.title),
  ]);
}

/** Concept ids found in the text plus their labels in all three languages (keyword search across languages). */
export function describeConcepts(text: string, thesaurus: Thesaurus = getDefaultThesaurus()) {
  const ids = [...new Set(thesaurus.extractConcepts(text).map((occurrence) => occurrence.conceptId))];
  const labels = ids.flatMap((id) => {
    const concept = thesaurus.getConcept(id);
    return concept ? [concept.label.ru, concept.label.kk, concept.label.en] : [];
  });
  return { concepts: ids, conceptLabels: [...new Set(labels)] };
}

export function budgetBandOf(amount: number | null): BudgetBand | null {
  if (amount === null) return null;
  return BUDGET_BANDS.find((band) => amount < band.max)!.id;
}

const toEpochSeconds = (date: Date | string | null) => (date ? Math.floor(new Date(date).getTime() / 1000) : null);

/** A published task: publishing required these, so its search document never lacks them. */
export type PublishedTaskRow = TaskRow & { title: string; problem: string; priorityArea: string; region: string; trlTarget: number };

/** Only published tasks are indexed; drafts (which may lack any field) never reach search or alerts. */
export function isIndexableTask(task: TaskRow): task is PublishedTaskRow {
  return task.status === 'published' && task.title !== null && task.problem !== null && task.priorityArea !== null && task.region !== null && task.trlTarget !== null;
}

export function buildTaskDocument(task: PublishedTaskRow, organisationName: string, vector: number[]) {
  const text = composeTaskText(task);
  const budget = task.budgetMaxKzt ?? task.budgetMinKzt;
  const doc = {
    id: task.id,
    externalId: task.externalId,
    title: task.title,
    problem: task.problem,
    details: joinParts([task.desiredOutcome, task.currentProcess, task.processParameters, task.constraints, task.triedBefore]),
    organisationId: task.organisationId,
    organisationName,
    status: task.status,
    visibility: task.visibility,
    lang: task.lang,
    priorityArea: task.priorityArea,
    region: task.region,
    budgetMinKzt: task.budgetMinKzt,
    budgetMaxKzt: task.budgetMaxKzt,
    budget,
    budgetBand: budgetBandOf(budget),
    cofinancingPercent: task.cofinancingPercent,
    trlCurrent: task.trlCurrent,
    trlTarget: task.trlTarget,
    deadline: task.deadline,
    deadlineTs: toEpochSeconds(task.deadline),
    deadlineYear: task.deadline ? task.deadline.slice(0, 4) : null,
    hasConfidentialDetails: Boolean(task.confidentialDetails?.trim()),
    publishedAt: task.publishedAt?.toISOString() ?? null,
    publishedTs: toEpochSeconds(task.publishedAt),
    updatedAt: task.updatedAt.toISOString(),
    ...describeConcepts(text),
    _vectors: { [EMBEDDER_NAME]: vector },
  };
  return { ...doc, [FACET_KEYS_ATTRIBUTE]: facetKeysOf(doc, TASK_FACETS) };
}
export type TaskDocument = ReturnType<typeof buildTaskDocument>;

export function buildInstituteDocument(organisation: OrganisationRow, profile: InstituteProfileRow, vector: number[]) {
  const text = composeInstituteText(organisation, profile);
  const doc = {
    id: organisation.id,
    externalId: organisation.externalId,
    name: organisation.name,
    description: profile.description,
    keywords: profile.keywords,
    laboratories: profile.laboratories.map((lab) => joinParts([lab.name, lab.description, lab.equipment.join(', ')])),
    projects: profile.pastProjects.map((project) => joinParts([project.title, project.partner, project.description])),
    publications: profile.publications.map((publication) => publication.title),
    region: organisation.region,
    city: organisation.city,
    lang: profile.lang,
    priorityAreas: profile.priorityAreas,
    accredited: profile.laboratories.some((lab) => lab.accredited),
    laboratoryCount: profile.laboratories.length,
    accreditedLaboratoryCount: profile.laboratories.filter((lab) => lab.accredited).length,
    projectCount: profile.pastProjects.length,
    industryProjectCount: profile.pastProjects.filter((project) => project.partner?.trim()).length,
    trlMin: profile.trlMin,
    trlMax: profile.trlMax,
    updatedAt: profile.updatedAt.toISOString(),
    ...describeConcepts(text),
    _vectors: { [EMBEDDER_NAME]: vector },
  };
  return { ...doc, [FACET_KEYS_ATTRIBUTE]: facetKeysOf(doc, INSTITUTE_FACETS) };
}
export type InstituteDocument = ReturnType<typeof buildInstituteDocument>;
