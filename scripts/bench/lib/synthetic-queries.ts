// Search queries for the benchmark, drawn from the same vocabulary as the data: mostly a process
// name or a material plus a word, in ru/kk/en, some with typos, about a third with filters, a few
// with filters only (browsing). Each becomes the query string of an API request.
import { PRIORITY_AREAS, REGION_NAMES, type PriorityArea, type Region } from '../../../shared/constants.ts';
import { BUDGET_BANDS } from '../../../shared/schemas/search.ts';
import type { Random } from './prng.ts';
import type { SyntheticData, Lang } from './synthetic-data.ts';
import { AREA_VOCABULARY, QUERY_MODIFIERS } from './synthetic-vocabulary.ts';

export type QueryParams = Record<string, string | number | boolean | Array<string | number>>;

const L = { ru: 0, kk: 1, en: 2 } as const;

/** One typo in a long word (a swap of two neighbours), like a hurried search-box entry. */
function addTypo(r: Random, text: string): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => w.length >= 7);
  if (!candidates.length) return text;
  const [word, index] = r.pick(candidates);
  const at = r.int(1, word.length - 3);
  words[index] = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return words.join(' ');
}

/** The first few words of a phrase: people type fragments, not sentences. */
const fragment = (r: Random, text: string) => text.split(' ').slice(0, r.int(1, 3)).join(' ');

export function toQueryString(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, String(item));
  }
  return search.toString();
}

function subject(r: Random, data: SyntheticData, area: PriorityArea, lang: Lang): string {
  const v = AREA_VOCABULARY[area];
  const process = () => {
    const terms = r.pick(data.processes[area][lang]);
    return terms[0];
  };
  const kind = r.weighted<string>([['process', 40], ['process+material', 15], ['problem', 15], ['process+modifier', 10], ['material', 10], ['site+region', 10]]);
  switch (kind) {
    case 'process': return process();
    case 'process+material': return `${process()} ${fragment(r, r.pick(v.materials)[L[lang]])}`;
    case 'problem': return fragment(r, r.pick(v.problems)[L[lang]]);
    case 'process+modifier': return `${process()} ${r.pick(QUERY_MODIFIERS)[L[lang]]}`;
    case 'material': return r.pick(v.materials)[L[lang]];
    default: return `${r.pick(v.sites)[L[lang]]} ${REGION_NAMES[data.pickRegion(r) as Region][lang].split(' ')[0]}`;
  }
}

export function generateTaskQueries(r: Random, data: SyntheticData, count: number): QueryParams[] {
  return Array.from({ length: count }, () => {
    const area = data.pickArea(r);
    const lang = r.weighted<Lang>([['ru', 50], ['kk', 20], ['en', 30]]);
    const params: QueryParams = {};
    const browse = r.chance(0.05);
    if (!browse) params.q = r.chance(0.08) ? addTypo(r, subject(r, data, area, lang)) : subject(r, data, area, lang);
    if (browse || r.chance(0.35)) {
      if (r.chance(0.6)) params.priorityArea = r.chance(0.8) ? [area] : r.sample(PRIORITY_AREAS, 2);
      if (r.chance(0.4)) params.region = Array.from(new Set([data.pickRegion(r), data.pickRegion(r)])).slice(0, r.int(1, 2));
      if (r.chance(0.2)) params.lang = [lang];
      if (r.chance(0.25)) Object.assign(params, { trlFrom: r.int(3, 6), trlTo: r.int(7, 9) });
      if (r.chance(0.2)) params.budgetBand = [r.pick(BUDGET_BANDS).id];
      if (r.chance(0.2)) params.deadlineFrom = new Date(data.today).toISOString().slice(0, 10);
    }
    if (r.chance(0.1)) params.page = 2;
    return params;
  });
}

export function generateInstituteQueries(r: Random, data: SyntheticData, count: number): QueryParams[] {
  return Array.from({ length: count }, () => {
    const area = data.pickArea(r);
    const lang = r.weighted<Lang>([['ru', 50], ['kk', 20], ['en', 30]]);
    const v = AREA_VOCABULARY[area];
    const params: QueryParams = {};
    const browse = r.chance(0.05);
    if (!browse) {
      const kind = r.weighted<string>([['subject', 70], ['equipment', 10], ['field', 20]]);
      params.q = kind === 'equipment' ? r.pick(v.equipment).split(' ').slice(0, 2).join(' ') : kind === 'field' ? fragment(r, r.pick(v.fields)[L[lang]]) : subject(r, data, area, lang);
      if (r.chance(0.08)) params.q = addTypo(r, params.q);
    }
    if (browse || r.chance(0.35)) {
      if (r.chance(0.6)) params.priorityArea = [area];
      if (r.chance(0.4)) params.region = [data.pickRegion(r)];
      if (r.chance(0.2)) params.lang = [lang];
      if (r.chance(0.3)) params.accreditedOnly = true;
    }
    return params;
  });
}
