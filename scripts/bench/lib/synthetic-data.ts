// Deterministic synthetic marketplace data for the search benchmark: enterprises, institute profiles
// and tasks in ru/kk/en, built from sentence frames filled with domain vocabulary (thesaurus
// concepts for processes, synthetic-vocabulary.ts for the rest). Same seed → same rows.
import { PRIORITY_AREAS, REGIONS, REGION_NAMES, type PriorityArea, type Region } from '../../../shared/constants.ts';
import type { NewOrganisationRow } from '../../../server/modules/organisations/organisations.table.ts';
import type { NewTaskRow } from '../../../server/modules/tasks/tasks.table.ts';
import type { InstituteProfileRow } from '../../../server/modules/institutes/institutes.table.ts';
import { getDefaultThesaurus } from '../../../server/modules/thesaurus/thesaurus.ts';
import type { Random } from './prng.ts';
import { AREA_VOCABULARY, CITIES, type Trio } from './synthetic-vocabulary.ts';

export const LANGS = ['ru', 'kk', 'en'] as const;
export type Lang = (typeof LANGS)[number];
const L: Record<Lang, 0 | 1 | 2> = { ru: 0, kk: 1, en: 2 };

const AREA_WEIGHTS: Array<[PriorityArea, number]> = [
  ['metallurgy', 20], ['greentech', 16], ['energy', 14], ['agritech', 14], ['industry40', 12], ['ai', 10], ['medtech', 8], ['govtech', 6],
];
// Industry sits in a few regions; the capitals host most institutes.
const REGION_WEIGHTS: Array<[Region, number]> = REGIONS.map((r) => [r, ['karaganda', 'east-kazakhstan', 'pavlodar', 'almaty', 'astana', 'atyrau', 'aktobe'].includes(r) ? 4 : 1]);
const DAY_MS = 86_400_000;

/** Process names per area and language, from the thesaurus concepts tagged with that area. */
function buildProcessTerms(): Record<PriorityArea, Record<Lang, string[][]>> {
  const result = {} as Record<PriorityArea, Record<Lang, string[][]>>;
  for (const area of PRIORITY_AREAS) result[area] = { ru: [], kk: [], en: [] };
  for (const concept of getDefaultThesaurus().concepts) {
    for (const area of concept.areas ?? []) {
      if (!(area in result)) continue;
      for (const lang of LANGS) {
        // Short codes ("ии", "amd") read like noise in generated prose; keep phrases.
        const terms = (concept.terms[lang] ?? []).filter((term) => term.length > 4);
        if (terms.length) result[area as PriorityArea][lang].push(terms);
      }
    }
  }
  return result;
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const round = (value: number, step: number) => Math.round(value / step) * step;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const fmt = (value: number) => (value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10));

/** A v4-shaped UUID from the PRNG, so ids are stable across runs. */
function makeUuid(rng: Random): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = '89ab'[rng.int(0, 3)];
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export interface Enterprise {
  row: NewOrganisationRow & { id: string };
  area: PriorityArea;
}

export interface InstituteSeed {
  organisation: NewOrganisationRow & { id: string };
  profile: Omit<InstituteProfileRow, 'updatedAt'>;
}

export function createSyntheticData(rng: Random, anchor = Date.now()) {
  const processes = buildProcessTerms();
  const today = Math.floor(anchor / DAY_MS) * DAY_MS;
  const pickArea = (r: Random) => r.weighted(AREA_WEIGHTS);
  const pickRegion = (r: Random) => r.weighted(REGION_WEIGHTS);
  const t = (r: Random, list: readonly Trio[], lang: Lang) => r.pick(list)[L[lang]];
  /** A process name; the concept's first term is its usual name, so it is drawn more often. */
  const proc = (r: Random, area: PriorityArea, lang: Lang) => {
    const terms = r.pick(processes[area][lang]);
    return r.chance(0.5) ? terms[0] : r.pick(terms);
  };
  const regionName = (region: Region, lang: Lang) => REGION_NAMES[region][lang];

  function enterprise(r: Random, index: number): Enterprise {
    const area = pickArea(r);
    const root = r.pick(AREA_VOCABULARY[area].companyRoots);
    const form = r.pick(['ТОО', 'АО', 'LLP', 'JSC']);
    const suffix = r.pick(['', ' Group', ' Service', ' Holding', ' Invest', ' Industries']);
    return { area, row: { id: makeUuid(r), kind: 'enterprise', name: `${form} «${root}${suffix} ${index + 1}»`, region: pickRegion(r) } };
  }

  function parameters(r: Random, lang: Lang) {
    const names: Trio[] = [['температура', 'температура', 'temperature'], ['производительность', 'өнімділік', 'throughput'], ['давление', 'қысым', 'pressure'], ['расход', 'шығын', 'flow rate'], ['pH', 'pH', 'pH']];
    const units = ['°C', 'т/ч', 'МПа', 'м³/ч', ''];
    return r
      .sample([0, 1, 2, 3, 4], r.int(2, 4))
      .map((i) => `${names[i][L[lang]]} ${fmt(r.int(1, 1200) / (i === 2 ? 100 : 1))}${units[i] ? ` ${units[i]}` : ''}`)
      .join('; ');
  }

  function task(r: Random, index: number, enterprises: Enterprise[]): NewTaskRow & { id: string } {
    const owner = r.pick(enterprises);
    const area = r.chance(0.8) ? owner.area : pickArea(r);
    const v = AREA_VOCABULARY[area];
    const lang = r.weighted<Lang>([['ru', 50], ['kk', 25], ['en', 25]]);
    const region = r.chance(0.7) && owner.row.region ? (owner.row.region as Region) : pickRegion(r);
    const [p1, p2] = [proc(r, area, lang), proc(r, area, lang)];
    const site = t(r, v.sites, lang), material = t(r, v.materials, lang), problem = t(r, v.problems, lang);
    const where = regionName(region, lang);
    const trlTarget = r.int(3, 9);
    const trlCurrent = r.chance(0.7) ? r.int(1, trlTarget) : null;
    const volume = `${fmt(r.int(5, 900))} ${r.pick(['тыс. т', 'млн м³', 'т'])}`;
    const title = {
      ru: r.pick([`${cap(p1)}: ${problem}`, `Повышение эффективности: ${p1} — ${site}`, `${cap(problem)} — нужен партнёр по направлению «${p1}»`, `Пилотные испытания: ${p1} (${material})`]),
      kk: r.pick([`${cap(p1)}: ${problem}`, `Тиімділікті арттыру: ${p1} — ${site}`, `${cap(problem)} — «${p1}» бағыты бойынша серіктес қажет`, `Пилоттық сынақтар: ${p1} (${material})`]),
      en: r.pick([`${cap(p1)} for ${material} at a ${site}`, `Reduce ${problem} at our ${site}`, `Pilot trial: ${p1} (${material})`, `Partner needed: ${p1} to address ${problem}`]),
    }[lang];
    const kpis = r.sample(v.kpis, r.int(1, 3)).map((k) => ({ metric: k.metric[L[lang]], baseline: fmt(k.baseline[0] + r.next() * (k.baseline[1] - k.baseline[0])), target: fmt(k.target[0] + r.next() * (k.target[1] - k.target[0])), unit: k.unit }));
    const [k0, p3, years, since] = [kpis[0], proc(r, area, lang), r.int(2, 10), r.int(1975, 2015)];
    const text = {
      ru: [`На предприятии (${site}, ${where}) наблюдается проблема: ${problem}.`, `Сейчас показатель «${k0.metric}» составляет ${k0.baseline} ${k0.unit}, что хуже отраслевого уровня.`, `Сырьё и объекты: ${material}, объём ${volume} в год.`, `Рассматриваем направления: ${p1}, ${p2}; возможен также вариант «${p3}», если он подтверждён испытаниями.`, `Готовы предоставить доступ на площадку и данные эксплуатации за ${years} лет.`, r.chance(0.5) ? `Нужна научная организация, способная довести решение до TRL ${trlTarget} на нашей площадке.` : ''],
      kk: [`Кәсіпорында (${site}, ${where}) мәселе бар: ${problem}.`, `Қазір «${k0.metric}» көрсеткіші ${k0.baseline} ${k0.unit}, бұл салалық деңгейден төмен.`, `Шикізат пен нысандар: ${material}, көлемі жылына ${volume}.`, `Қарастырылатын бағыттар: ${p1}, ${p2}; сынақпен расталса, «${p3}» нұсқасы да мүмкін.`, `Алаңға кіруге және ${years} жылғы пайдалану деректеріне рұқсат береміз.`, r.chance(0.5) ? `Шешімді біздің алаңда TRL ${trlTarget} деңгейіне жеткізе алатын ғылыми ұйым қажет.` : ''],
      en: [`Our ${site} in ${where} faces ${problem}.`, `Today the ${k0.metric} is ${k0.baseline} ${k0.unit}, below the industry level.`, `Feedstock: ${material}, about ${volume} per year.`, `We are looking at ${p1} and ${p2}; ${p3} is also an option if proven in trials.`, `We offer site access and ${years} years of operating data.`, r.chance(0.5) ? `We need a research partner able to bring a solution to TRL ${trlTarget} on our site.` : ''],
    }[lang];
    const budgetMax = r.chance(0.8) ? round(Math.exp(Math.log(5e6) + r.next() * (Math.log(3e9) - Math.log(5e6))), 1e6) : null;
    const budgetMin = budgetMax && r.chance(0.5) ? round(budgetMax * (0.3 + 0.5 * r.next()), 1e6) : null;
    const status = r.weighted<'published' | 'closed' | 'draft'>([['published', 94], ['closed', 3], ['draft', 3]]);
    // Spread over two years: about 1 % falls within the last week, where alerts pick tasks up.
    const publishedAt = status === 'draft' ? null : new Date(today - r.int(0, 730) * DAY_MS - r.int(0, DAY_MS - 1));
    return {
      id: makeUuid(r),
      organisationId: owner.row.id,
      externalId: `bench-task-${index + 1}`,
      status,
      visibility: r.chance(0.85) ? 'public' : 'registered',
      lang,
      title: title.slice(0, 300),
      problem: text.filter(Boolean).join(' '),
      currentProcess: r.chance(0.8) ? { ru: `Сейчас применяется: ${p2}; основное оборудование (${site}) в эксплуатации с ${since} года, модернизация частичная.`, kk: `Қазір қолданылады: ${p2}; негізгі жабдық (${site}) ${since} жылдан бері пайдаланылады.`, en: `Current process: ${p2}; the main equipment (${site}) has run since ${since} with partial upgrades.` }[lang] : null,
      processParameters: r.chance(0.7) ? parameters(r, lang) : null,
      kpis,
      constraints: r.chance(0.7) ? { ru: `Ограничения: без остановки производства, бюджет капвложений ограничен, площадка в регионе ${where}.`, kk: `Шектеулер: өндірісті тоқтатпай, күрделі салым бюджеті шектеулі.`, en: `Constraints: no production stop, limited capital budget, site in ${where}.` }[lang] : null,
      triedBefore: r.chance(0.4) ? { ru: `Пробовали: ${proc(r, area, lang)} — эффект недостаточен.`, kk: `Байқап көрдік: ${proc(r, area, lang)} — нәтиже жеткіліксіз.`, en: `Tried before: ${proc(r, area, lang)}, with too little effect.` }[lang] : null,
      samplesOffered: r.chance(0.3) ? { ru: `Предоставим пробы: ${material}.`, kk: `Сынамалар береміз: ${material}.`, en: `Samples available: ${material}.` }[lang] : null,
      desiredOutcome: r.chance(0.8) ? { ru: 'Ожидаемый результат: ', kk: 'Күтілетін нәтиже: ', en: 'Expected outcome: ' }[lang] + kpis.map((k) => `${k.metric} ${k.baseline} → ${k.target} ${k.unit}`).join('; ') + { ru: '; технология должна окупаться за 3–5 лет и соответствовать экологическим требованиям РК.', kk: '; технология 3–5 жылда өтелуі және ҚР экологиялық талаптарына сай болуы тиіс.', en: '; payback within 3–5 years and compliance with Kazakhstan environmental rules.' }[lang] : null,
      priorityArea: area,
      region,
      budgetMinKzt: budgetMin,
      budgetMaxKzt: budgetMax,
      cofinancingPercent: r.chance(0.5) ? r.int(0, 10) * 5 : null,
      trlCurrent,
      trlTarget,
      deadline: r.chance(0.8) ? isoDate(today + r.int(-180, 720) * DAY_MS) : null,
      confidentialDetails: r.chance(0.1) ? 'Detailed process data under NDA.' : null,
      publishedAt,
      closedAt: status === 'closed' ? new Date(today - r.int(0, 60) * DAY_MS) : null,
    };
  }

  function institute(r: Random, index: number, enterprises: Enterprise[]): InstituteSeed {
    const area = pickArea(r);
    const areas = [area, ...r.sample(PRIORITY_AREAS.filter((a) => a !== area), r.weighted([[0, 5], [1, 4], [2, 1]]))];
    const v = AREA_VOCABULARY[area];
    const lang = r.weighted<Lang>([['ru', 45], ['kk', 25], ['en', 30]]);
    const region = pickRegion(r);
    const city = (CITIES[region] ?? CITIES.almaty)[L[lang]];
    const field = r.pick(v.fields)[L[lang]];
    const university = r.pick(['КазНУ', 'КарТУ', 'ЕНУ', 'ВКТУ', 'Satbayev University', 'КазАТУ', 'ЮКУ', 'ПГУ', '']);
    const name = {
      ru: `${r.pick(['Институт', 'Научно-исследовательский институт', 'Лаборатория', 'Научный центр'])} ${field}${university ? ` ${university}` : ''}, ${city}`,
      kk: `${cap(field)} ${r.pick(['ғылыми-зерттеу институты', 'институты', 'зертханасы', 'ғылыми орталығы'])}${university ? ` (${university})` : ''}, ${city}`,
      en: `${r.pick(['Institute of', 'Laboratory of', 'Research Centre for', 'Department of'])} ${field}${university ? `, ${university}` : ''}, ${city}`,
    }[lang];
    const topics = Array.from({ length: r.int(4, 7) }, () => proc(r, r.chance(0.75) ? area : r.pick(areas), lang));
    const materials = r.sample(v.materials, 2).map((m) => m[L[lang]]);
    const trlMin = r.chance(0.8) ? r.int(1, 5) : null;
    const trlMax = trlMin === null ? null : Math.min(9, trlMin + r.int(2, 4));
    const description = {
      ru: [`Проводим исследования в области: ${topics.join(', ')}.`, `Работаем с материалами: ${materials.join(', ')}.`, `Выполняем полный цикл — от лабораторных опытов до пилотных испытаний${trlMin ? ` (TRL ${trlMin}–${trlMax})` : ''}.`, `Партнёры — предприятия региона ${regionName(region, lang)} и других регионов Казахстана.`],
      kk: [`Мына салаларда зерттеу жүргіземіз: ${topics.join(', ')}.`, `Материалдармен жұмыс істейміз: ${materials.join(', ')}.`, `Зертханалық тәжірибелерден пилоттық сынақтарға дейінгі толық цикл${trlMin ? ` (TRL ${trlMin}–${trlMax})` : ''}.`, `Серіктестеріміз — ${regionName(region, lang)} және Қазақстанның басқа өңірлерінің кәсіпорындары.`],
      en: [`We work on ${topics.join(', ')}.`, `Materials we handle: ${materials.join(', ')}.`, `Full cycle from bench tests to pilot trials${trlMin ? ` (TRL ${trlMin}–${trlMax})` : ''}.`, `Our partners are companies in ${regionName(region, lang)} and across Kazakhstan.`],
    }[lang].join(' ');
    const laboratories = Array.from({ length: r.int(1, 5) }, () => {
      const topic = proc(r, area, lang);
      return {
        name: { ru: `Лаборатория: ${topic}`, kk: `Зертхана: ${topic}`, en: `${cap(topic)} lab` }[lang],
        description: { ru: `Исследования и испытания: ${topic}, ${t(r, v.materials, lang)}.`, kk: `Зерттеулер мен сынақтар: ${topic}, ${t(r, v.materials, lang)}.`, en: `Research and testing: ${topic}, ${t(r, v.materials, lang)}.` }[lang],
        accredited: r.chance(0.4),
        equipment: r.sample(v.equipment, r.int(2, 4)),
      };
    });
    const pastProjects = Array.from({ length: r.weighted([[0, 1], [1, 2], [2, 3], [4, 3], [6, 1]]) }, () => {
      const topic = proc(r, area, lang);
      const partner = r.chance(0.7) ? r.pick(enterprises).row.name : undefined;
      return {
        title: { ru: `${cap(topic)}: ${t(r, v.problems, lang)}`, kk: `${cap(topic)}: ${t(r, v.problems, lang)}`, en: `${cap(topic)} to address ${t(r, v.problems, lang)}` }[lang],
        year: r.int(2012, 2025), partner,
        description: { ru: `Результат: ${t(r, v.kpis.map((k) => k.metric), lang)} улучшен на ${r.int(5, 40)} %.`, kk: `Нәтиже: ${t(r, v.kpis.map((k) => k.metric), lang)} ${r.int(5, 40)} %-ға жақсарды.`, en: `Result: ${t(r, v.kpis.map((k) => k.metric), lang)} improved by ${r.int(5, 40)} %.` }[lang],
      };
    });
    const publications = Array.from({ length: r.int(0, 8) }, () => ({
      title: { ru: `Исследование процесса: ${proc(r, area, lang)} (${t(r, v.materials, lang)})`, kk: `Процесті зерттеу: ${proc(r, area, lang)} (${t(r, v.materials, lang)})`, en: `A study of ${proc(r, area, lang)} for ${t(r, v.materials, lang)}` }[lang],
      year: r.int(2010, 2025),
    }));
    const id = makeUuid(r);
    return {
      organisation: { id, kind: 'institute', name, externalId: `bench-inst-${index + 1}`, region, city },
      profile: {
        organisationId: id, lang, description, laboratories, pastProjects, publications, trlMin, trlMax, priorityAreas: areas,
        keywords: [...new Set([...topics, ...materials])].slice(0, 10),
      },
    };
  }

  return { enterprise, task, institute, processes, today, pickArea, pickRegion };
}
export type SyntheticData = ReturnType<typeof createSyntheticData>;
