import type { Locale, PriorityArea, Region } from '../../../shared/constants.ts';
import { PRIORITY_AREA_NAMES, REGION_NAMES } from '../../../shared/constants.ts';
import type { MatchExplanation, MatchSignal } from '../../../shared/schemas/search.ts';

export interface SignalInputs {
  textScore: number;
  /** Null on a draft that has not chosen it yet (its enterprise may already look at matches). */
  taskArea: string | null;
  instituteAreas: string[];
  /** Priority areas of the concepts the institute's text mentions (a weaker fit than a declared area). */
  instituteConceptAreas: Set<string>;
  taskRegion: string | null;
  instituteRegion: string | null;
  trlTarget: number | null;
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
    areaUnset: () => 'The task has no priority area yet',
    regionUnset: () => 'The task has no region yet',
    trlUnset: () => 'The task has no target TRL yet',
  },
  ru: {
    text: ({ percent }) => `Тексты совпадают на ${percent} % (по смыслу и словам)`,
    areaDeclared: ({ area }) => `Работает в приоритетном направлении задачи: ${area}`,
    areaConcepts: ({ area }) => `Описывает работы, связанные с направлением «${area}»`,
    areaNone: ({ area }) => `Не работает в направлении «${area}»`,
    regionSame: ({ region }) => `Тот же регион: ${region}`,
    regionOther: ({ region }) => `Другой регион, чем у задачи (${region})`,
    trlIn: ({ trl, min, max }) => `Работает на TRL ${min}–${max}, задача нацелена на TRL ${trl}`,
    trlOut: ({ trl, min, max }) => `Работает на TRL ${min}–${max}, задача нацелена на TRL ${trl}`,
    trlUnknown: ({ trl }) => `Диапазон TRL не указан (задача нацелена на TRL ${trl})`,
    track: ({ count }) => `Проектов с промышленными партнёрами: ${count}`,
    areaUnset: () => 'У задачи ещё не выбрано приоритетное направление',
    regionUnset: () => 'У задачи ещё не выбран регион',
    trlUnset: () => 'У задачи ещё не указан целевой TRL',
  },
  kk: {
    text: ({ percent }) => `Мәтіндер ${percent} % сәйкес келеді (мағынасы мен сөздері бойынша)`,
    areaDeclared: ({ area }) => `Тапсырманың басым бағытында жұмыс істейді: ${area}`,
    areaConcepts: ({ area }) => `«${area}» бағытына қатысты жұмыстарды сипаттайды`,
    areaNone: ({ area }) => `«${area}» бағытында жұмыс істемейді`,
    regionSame: ({ region }) => `Сол өңір: ${region}`,
    regionOther: ({ region }) => `Тапсырманың өңірінен басқа (${region})`,
    trlIn: ({ trl, min, max }) => `TRL ${min}–${max} деңгейінде жұмыс істейді, тапсырма мақсаты TRL ${trl}`,
    trlOut: ({ trl, min, max }) => `TRL ${min}–${max} деңгейінде жұмыс істейді, тапсырма мақсаты TRL ${trl}`,
    trlUnknown: ({ trl }) => `TRL ауқымы көрсетілмеген (тапсырма мақсаты TRL ${trl})`,
    track: ({ count }) => `Өнеркәсіптік серіктестермен жобалар: ${count}`,
    areaUnset: () => 'Тапсырманың басым бағыты әлі таңдалмаған',
    regionUnset: () => 'Тапсырманың өңірі әлі таңдалмаған',
    trlUnset: () => 'Тапсырманың мақсатты TRL әлі көрсетілмеген',
  },
};

const areaName = (area: string, locale: Locale) => PRIORITY_AREA_NAMES[area as PriorityArea]?.[locale] ?? area;
const regionName = (region: string, locale: Locale) => REGION_NAMES[region as Region]?.[locale] ?? region;
const round = (value: number) => Math.round(value * 1000) / 1000;

/** Each signal's value (0–1) with a sentence in the viewer's language saying why. */
export function evaluateSignals(inputs: SignalInputs, weights: Record<MatchSignal, number>, locale: Locale): Signal[] {
  const notes = NOTES[locale];
  const { taskArea, taskRegion, trlTarget } = inputs;
  const area = taskArea === null ? '' : areaName(taskArea, locale);
  const declared = taskArea !== null && inputs.instituteAreas.includes(taskArea);
  const related = taskArea !== null && !declared && inputs.instituteConceptAreas.has(taskArea);
  const sameRegion = taskRegion !== null && inputs.instituteRegion === taskRegion;
  const hasTrlBand = inputs.trlMin !== null && inputs.trlMax !== null && trlTarget !== null;
  const trlDistance = hasTrlBand ? Math.max(0, inputs.trlMin! - trlTarget!, trlTarget! - inputs.trlMax!) : 0;
  // Track record saturates: the fifth industrial project says less than the first.
  const trackValue = Math.min(1, Math.log2(1 + inputs.industryProjectCount) / Math.log2(6));

  const values: Array<[MatchSignal, number, string]> = [
    ['text', Math.max(0, Math.min(1, inputs.textScore)), notes.text({ percent: Math.round(inputs.textScore * 100) })],
    [
      'priorityArea',
      declared ? 1 : related ? 0.5 : 0,
      taskArea === null ? notes.areaUnset({}) : (declared ? notes.areaDeclared : related ? notes.areaConcepts : notes.areaNone)({ area }),
    ],
    [
      'region',
      sameRegion ? 1 : 0,
      taskRegion === null ? notes.regionUnset({}) : (sameRegion ? notes.regionSame : notes.regionOther)({ region: regionName(taskRegion, locale) }),
    ],
    [
      'trl',
      hasTrlBand ? Math.max(0, 1 - 0.25 * trlDistance) : 0.5,
      trlTarget === null
        ? notes.trlUnset({})
        : hasTrlBand
          ? (trlDistance === 0 ? notes.trlIn : notes.trlOut)({ trl: trlTarget, min: inputs.trlMin!, max: inputs.trlMax! })
          : notes.trlUnknown({ trl: trlTarget }),
    ],
    ['trackRecord', trackValue, notes.track({ count: inputs.industryProjectCount })],
  ];
  return values.map(([signal, value, note]) => ({ signal, value: round(value), weight: weights[signal], contribution: round(value * weights[signal]), note }));
}

export const sumContributions = (signals: Signal[]) => round(signals.reduce((sum, signal) => sum + signal.contribution, 0));
