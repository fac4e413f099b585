import type { Locale, PriorityArea, Region } from '../../../shared/constants.ts';
import { PRIORITY_AREA_NAMES, REGION_NAMES } from '../../../shared/constants.ts';
import type { MatchExplanation, MatchSignal } from '../../../shared/schemas/search.ts';

export interface SignalInputs {
  textScore: number;
  taskArea: string;
  instituteAreas: string[];
  /** Priority areas of the concepts the institute's text mentions (a weaker fit than a declared area). */
  instituteConceptAreas: Set<string>;
  taskRegion: string;
  instituteRegion: string | null;
  trlTarget: number;
  trlMin: number | null;
  trlMax: number | null;
  industryProjectCount: number;
}

type Signal = MatchExplanation['signals'][number];

const NOTES: Record<Locale, Record<string, (args: Record<string, string | number>) => string>> = {
  en: {
    text: ({ percent }) => `Texts match at ${percent} % (meaning and wording)`,
    areaDeclared: ({ area }) => `Works in the task's priority area: ${area}`,
    areaConcepts: ({ area }) => `Describes work related to ${area}`,
    areaNone: ({ area }) => `Does not work in ${area}`,
    regionSame: ({ region }) => `Same region: ${region}`,
    regionOther: ({ region }) => `Another region than the task (${region})`,
    trlIn: ({ trl, min, max }) => `Works at TRL ${min}–${max}, the task targets TRL ${trl}`,
    trlOut: ({ trl, min, max }) => `Works at TRL ${min}–${max}, the task targets TRL ${trl}`,
    trlUnknown: ({ trl }) => `TRL band not stated (task targets TRL ${trl})`,
    track: ({ count }) => `${count} past project(s) with industrial partners`,
  },
  ru: {
    text: ({ percent }) => `Тексты совпадают на ${percent} % (по смыслу и словам)`,
    areaDeclared: ({ area }) => `Работает в приоритетном направлении задачи: ${area}`,
    areaConcepts: ({ area }) => `Описывает работы, связанные с направлением «${area}»`,
    areaNone: ({ area }) => `Не работает в направлении «${area}»`,
    regionSame: ({ region }) => `Тот же регион: ${region}`,
    regionOther: ({ region }) => `Другой регион, чем у задачи (${region})`,
    trlIn: ({ trl, min, max }) => `Работает на УГТ ${min}–${max}, задача нацелена на УГТ ${trl}`,
    trlOut: ({ trl, min, max }) => `Работает на УГТ ${min}–${max}, задача нацелена на УГТ ${trl}`,
    trlUnknown: ({ trl }) => `Диапазон УГТ не указан (задача нацелена на УГТ ${trl})`,
    track: ({ count }) => `Проектов с промышленными партнёрами: ${count}`,
  },
  kk: {
    text: ({ percent }) => `Мәтіндер ${percent} % сәйкес келеді (мағынасы мен сөздері бойынша)`,
    areaDeclared: ({ area }) => `Тапсырманың басым бағытында жұмыс істейді: ${area}`,
    areaConcepts: ({ area }) => `«${area}» бағытына қатысты жұмыстарды сипаттайды`,
    areaNone: ({ area }) => `«${area}» бағытында жұмыс істемейді`,
    regionSame: ({ region }) => `Сол өңір: ${region}`,
    regionOther: ({ region }) => `Тапсырманың өңірінен басқа (${region})`,
    trlIn: ({ trl, min, max }) => `ТДД ${min}–${max} деңгейінде жұмыс істейді, тапсырма мақсаты ТДД ${trl}`,
    trlOut: ({ trl, min, max }) => `ТДД ${min}–${max} деңгейінде жұмыс істейді, тапсырма мақсаты ТДД ${trl}`,
    trlUnknown: ({ trl }) => `ТДД ауқымы көрсетілмеген (тапсырма мақсаты ТДД ${trl})`,
    track: ({ count }) => `Өнеркәсіптік серіктестермен жобалар: ${count}`,
  },
};

const areaName = (area: string, locale: Locale) => PRIORITY_AREA_NAMES[area as PriorityArea]?.[locale] ?? area;
const regionName = (region: string, locale: Locale) => REGION_NAMES[region as Region]?.[locale] ?? region;
const round = (value: number) => Math.round(value * 1000) / 1000;

/** Each signal's value (0–1) with a sentence in the viewer's language saying why. */
export function evaluateSignals(inputs: SignalInputs, weights: Record<MatchSignal, number>, locale: Locale): Signal[] {
  const notes = NOTES[locale];
  const area = areaName(inputs.taskArea, locale);
  const declared = inputs.instituteAreas.includes(inputs.taskArea);
  const related = !declared && inputs.instituteConceptAreas.has(inputs.taskArea);
  const sameRegion = inputs.instituteRegion === inputs.taskRegion;
  const hasTrlBand = inputs.trlMin !== null && inputs.trlMax !== null;
  const trlDistance = hasTrlBand ? Math.max(0, inputs.trlMin! - inputs.trlTarget, inputs.trlTarget - inputs.trlMax!) : 0;
  // Track record saturates: the fifth industrial project says less than the first.
  const trackValue = Math.min(1, Math.log2(1 + inputs.industryProjectCount) / Math.log2(6));

  const values: Array<[MatchSignal, number, string]> = [
    ['text', Math.max(0, Math.min(1, inputs.textScore)), notes.text({ percent: Math.round(inputs.textScore * 100) })],
    ['priorityArea', declared ? 1 : related ? 0.5 : 0, (declared ? notes.areaDeclared : related ? notes.areaConcepts : notes.areaNone)({ area })],
    ['region', sameRegion ? 1 : 0, (sameRegion ? notes.regionSame : notes.regionOther)({ region: regionName(inputs.taskRegion, locale) })],
    [
      'trl',
      hasTrlBand ? Math.max(0, 1 - 0.25 * trlDistance) : 0.5,
      hasTrlBand
        ? (trlDistance === 0 ? notes.trlIn : notes.trlOut)({ trl: inputs.trlTarget, min: inputs.trlMin!, max: inputs.trlMax! })
        : notes.trlUnknown({ trl: inputs.trlTarget }),
    ],
    ['trackRecord', trackValue, notes.track({ count: inputs.industryProjectCount })],
  ];
  return values.map(([signal, value, note]) => ({ signal, value: round(value), weight: weights[signal], contribution: round(value * weights[signal]), note }));
}

export const sumContributions = (signals: Signal[]) => round(signals.reduce((sum, signal) => sum + signal.contribution, 0));
