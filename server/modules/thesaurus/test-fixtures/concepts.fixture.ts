// Small, hand-made concepts for unit tests, so tests do not depend on the real data in concepts/.
import type { Concept } from '../thesaurus.ts';

type FixtureConcept = Omit<Concept, 'broader'> & { broader?: string[] };

export const FIXTURE_CONCEPTS: FixtureConcept[] = [
  {
    id: 'water.treatment',
    areas: ['greentech'],
    label: { ru: 'Очистка воды', kk: 'Суды тазарту', en: 'Water treatment' },
    terms: {
      ru: ['водоочистка', 'очистка сточных вод', 'водоподготовка'],
      kk: ['су тазарту', 'ағынды суларды тазарту'],
      en: ['water purification', 'wastewater treatment'],
    },
  },
  {
    id: 'water.wastewater',
    areas: ['greentech'],
    label: { ru: 'Сточные воды', kk: 'Ағынды сулар', en: 'Wastewater' },
    terms: { ru: ['сточные воды', 'стоки'], kk: ['ағынды сулар'], en: ['wastewater', 'effluent'] },
  },
  {
    id: 'water.mine-water',
    areas: ['greentech', 'metallurgy'],
    label: { ru: 'Шахтные воды', kk: 'Шахта сулары', en: 'Mine water' },
    terms: {
      ru: ['шахтная вода', 'рудничные воды', 'карьерные воды'],
      kk: ['шахта суы', 'кеніш суы'],
      en: ['mine water', 'mine drainage', 'acid mine drainage'],
    },
    broader: ['water.wastewater'],
  },
  {
    id: 'metallurgy.heavy-metals',
    areas: ['metallurgy', 'greentech'],
    label: { ru: 'Тяжёлые металлы', kk: 'Ауыр металдар', en: 'Heavy metals' },
    terms: { ru: ['тяжелые металлы', 'кадмий'], kk: ['ауыр металдар', 'кадмий'], en: ['heavy metals', 'cadmium'] },
  },
  {
    id: 'water.scale-inhibition',
    areas: ['greentech', 'energy'],
    label: { ru: 'Ингибирование накипеобразования', kk: 'Қақ түзілуін тежеу', en: 'Scale inhibition' },
    terms: {
      ru: ['накипь', 'антискалант', 'ингибитор накипи', 'котлы забиваются накипью'],
      kk: ['қақ', 'қақ түзілуі', 'қақ ингибиторы'],
      en: ['scale inhibitor', 'antiscalant', 'scale deposits'],
    },
    broader: ['water.treatment'],
  },
  {
    id: 'agritech.crop-breeding',
    areas: ['agritech'],
    label: { ru: 'Селекция растений', kk: 'Өсімдік селекциясы', en: 'Plant breeding' },
    terms: { ru: ['селекция', 'выведение сортов'], kk: ['селекция', 'сұрып шығару'], en: ['plant breeding', 'crop breeding', 'breeding'] },
  },
  {
    id: 'agritech.drought-tolerance',
    areas: ['agritech'],
    label: { ru: 'Засухоустойчивость', kk: 'Құрғақшылыққа төзімділік', en: 'Drought tolerance' },
    terms: {
      ru: ['засухоустойчивость', 'устойчивость к засухе', 'посевы выгорают от жары'],
      kk: ['құрғақшылыққа төзімділік', 'қуаңшылыққа төзімділік'],
      en: ['drought tolerance', 'drought resistance', 'water stress tolerance'],
    },
    broader: ['agritech.crop-breeding'],
  },
  {
    id: 'agritech.wheat',
    areas: ['agritech'],
    label: { ru: 'Пшеница', kk: 'Бидай', en: 'Wheat' },
    terms: { ru: ['пшеница', 'яровая пшеница'], kk: ['бидай', 'жаздық бидай'], en: ['wheat', 'spring wheat'] },
  },
  {
    id: 'ai.artificial-intelligence',
    areas: ['ai'],
    label: { ru: 'Искусственный интеллект', kk: 'Жасанды интеллект', en: 'Artificial intelligence' },
    terms: { ru: ['ии', 'нейросеть'], kk: ['жасанды интеллект', 'нейрондық желі'], en: ['ai', 'neural network'] },
  },
  {
    id: 'metallurgy.copper',
    areas: ['metallurgy'],
    label: { ru: 'Медь', kk: 'Мыс', en: 'Copper' },
    terms: { ru: ['медь'], kk: ['мыс'], en: ['copper'] },
  },
  {
    id: 'agritech.honey',
    areas: ['agritech'],
    label: { ru: 'Мёд', kk: 'Бал', en: 'Honey' },
    terms: { ru: ['мед'], kk: ['бал'], en: ['honey'] },
  },
  {
    id: 'water.water',
    areas: ['greentech'],
    label: { ru: 'Вода', kk: 'Су', en: 'Water' },
    terms: { ru: ['вода'], kk: ['су'], en: ['water'] },
  },
];
