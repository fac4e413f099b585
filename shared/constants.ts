// Domain constants shared by the server and the web app. Codes are stable API values;
// names are for display and live beside them so every client shows the same words.

export const LOCALES = ['ru', 'kk', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type LocalizedName = Record<Locale, string>;

/** Languages a task or profile text can be written in (the same three as the interface). */
export const TEXT_LANGUAGES = LOCALES;
export type TextLanguage = Locale;

export const LANGUAGE_NAMES: Record<Locale, LocalizedName> = {
  ru: { ru: 'Русский', kk: 'Орыс тілі', en: 'Russian' },
  kk: { ru: 'Казахский', kk: 'Қазақ тілі', en: 'Kazakh' },
  en: { ru: 'Английский', kk: 'Ағылшын тілі', en: 'English' },
};

export const PRIORITY_AREAS = ['metallurgy', 'greentech', 'agritech', 'medtech', 'ai', 'industry40', 'govtech', 'energy'] as const;
export type PriorityArea = (typeof PRIORITY_AREAS)[number];

export const PRIORITY_AREA_NAMES: Record<PriorityArea, LocalizedName> = {
  metallurgy: { ru: 'Металлургия и обогащение', kk: 'Металлургия және байыту', en: 'Metallurgy and beneficiation' },
  greentech: { ru: 'GreenTech: вода и экология', kk: 'GreenTech: су және экология', en: 'GreenTech: water and environment' },
  agritech: { ru: 'AgriTech: органическое сельское хозяйство', kk: 'AgriTech: органикалық ауыл шаруашылығы', en: 'AgriTech: organic agriculture' },
  medtech: { ru: 'MedTech: профилактическая медицина', kk: 'MedTech: профилактикалық медицина', en: 'MedTech: preventive medicine' },
  ai: { ru: 'Искусственный интеллект', kk: 'Жасанды интеллект', en: 'Artificial intelligence' },
  industry40: { ru: 'Индустрия 4.0', kk: 'Индустрия 4.0', en: 'Industry 4.0' },
  govtech: { ru: 'GovTech', kk: 'GovTech', en: 'GovTech' },
  energy: { ru: 'Энергетика', kk: 'Энергетика', en: 'Energy' },
};

/**
 * The national technology priorities that policy wants about half of science and innovation
 * funding to go to; energy is a priority area of the platform but not one of these.
 */
export const NATIONAL_PRIORITY_AREAS: readonly PriorityArea[] = ['agritech', 'medtech', 'greentech', 'ai', 'industry40', 'govtech', 'metallurgy'];

export const REGIONS = [
  'abai', 'akmola', 'aktobe', 'almaty-region', 'atyrau', 'east-kazakhstan', 'jambyl', 'jetisu', 'karaganda',
  'kostanay', 'kyzylorda', 'mangystau', 'north-kazakhstan', 'pavlodar', 'turkistan', 'ulytau', 'west-kazakhstan',
  'astana', 'almaty', 'shymkent',
] as const;
export type Region = (typeof REGIONS)[number];

export const REGION_NAMES: Record<Region, LocalizedName> = {
  abai: { ru: 'Абайская область', kk: 'Абай облысы', en: 'Abai Region' },
  akmola: { ru: 'Акмолинская область', kk: 'Ақмола облысы', en: 'Akmola Region' },
  aktobe: { ru: 'Актюбинская область', kk: 'Ақтөбе облысы', en: 'Aktobe Region' },
  'almaty-region': { ru: 'Алматинская область', kk: 'Алматы облысы', en: 'Almaty Region' },
  atyrau: { ru: 'Атырауская область', kk: 'Атырау облысы', en: 'Atyrau Region' },
  'east-kazakhstan': { ru: 'Восточно-Казахстанская область', kk: 'Шығыс Қазақстан облысы', en: 'East Kazakhstan Region' },
  jambyl: { ru: 'Жамбылская область', kk: 'Жамбыл облысы', en: 'Jambyl Region' },
  jetisu: { ru: 'Область Жетысу', kk: 'Жетісу облысы', en: 'Jetisu Region' },
  karaganda: { ru: 'Карагандинская область', kk: 'Қарағанды облысы', en: 'Karaganda Region' },
  kostanay: { ru: 'Костанайская область', kk: 'Қостанай облысы', en: 'Kostanay Region' },
  kyzylorda: { ru: 'Кызылординская область', kk: 'Қызылорда облысы', en: 'Kyzylorda Region' },
  mangystau: { ru: 'Мангистауская область', kk: 'Маңғыстау облысы', en: 'Mangystau Region' },
  'north-kazakhstan': { ru: 'Северо-Казахстанская область', kk: 'Солтүстік Қазақстан облысы', en: 'North Kazakhstan Region' },
  pavlodar: { ru: 'Павлодарская область', kk: 'Павлодар облысы', en: 'Pavlodar Region' },
  turkistan: { ru: 'Туркестанская область', kk: 'Түркістан облысы', en: 'Turkistan Region' },
  ulytau: { ru: 'Область Улытау', kk: 'Ұлытау облысы', en: 'Ulytau Region' },
  'west-kazakhstan': { ru: 'Западно-Казахстанская область', kk: 'Батыс Қазақстан облысы', en: 'West Kazakhstan Region' },
  astana: { ru: 'г. Астана', kk: 'Астана қ.', en: 'Astana' },
  almaty: { ru: 'г. Алматы', kk: 'Алматы қ.', en: 'Almaty' },
  shymkent: { ru: 'г. Шымкент', kk: 'Шымкент қ.', en: 'Shymkent' },
};

export const TRL_LEVELS = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export type TrlLevel = (typeof TRL_LEVELS)[number];

export const TRL_DESCRIPTIONS: Record<TrlLevel, LocalizedName> = {
  1: { ru: 'Наблюдение фундаментальных принципов', kk: 'Іргелі қағидаттарды бақылау', en: 'Basic principles observed' },
  2: { ru: 'Сформулирована концепция технологии', kk: 'Технология тұжырымдамасы жасалды', en: 'Technology concept formulated' },
  3: { ru: 'Экспериментальное подтверждение концепции', kk: 'Тұжырымдаманың эксперименттік дәлелі', en: 'Experimental proof of concept' },
  4: { ru: 'Проверка в лабораторных условиях', kk: 'Зертханалық жағдайда тексеру', en: 'Technology validated in the lab' },
  5: { ru: 'Проверка в условиях, близких к реальным', kk: 'Нақтыға жақын жағдайда тексеру', en: 'Technology validated in a relevant environment' },
  6: { ru: 'Демонстрация в условиях, близких к реальным', kk: 'Нақтыға жақын жағдайда көрсету', en: 'Technology demonstrated in a relevant environment' },
  7: { ru: 'Демонстрация прототипа в рабочей среде', kk: 'Прототипті жұмыс ортасында көрсету', en: 'System prototype demonstrated in an operational environment' },
  8: { ru: 'Система завершена и квалифицирована', kk: 'Жүйе аяқталды және біліктілігі расталды', en: 'System complete and qualified' },
  9: { ru: 'Система проверена в реальной эксплуатации', kk: 'Жүйе нақты пайдалануда дәлелденді', en: 'Actual system proven in operational environment' },
};

/** What kind of organisation a user belongs to decides what they can do. */
export const ORG_KINDS = ['enterprise', 'institute', 'program_office'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const ORG_KIND_NAMES: Record<OrgKind, LocalizedName> = {
  enterprise: { ru: 'Предприятие', kk: 'Кәсіпорын', en: 'Enterprise' },
  institute: { ru: 'Научная организация / вуз', kk: 'Ғылыми ұйым / ЖОО', en: 'Institute or university' },
  program_office: { ru: 'Программный офис', kk: 'Бағдарлама кеңсесі', en: 'Program office' },
};

export const MEMBER_ROLES = ['owner', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const TASK_STATUSES = ['draft', 'published', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_VISIBILITIES = ['public', 'registered'] as const;
export type TaskVisibility = (typeof TASK_VISIBILITIES)[number];

/** Unclear statements are why calls fail: a task needs at least this much problem text to be published. */
export const MIN_PROBLEM_LENGTH_TO_PUBLISH = 80;
export const MIN_TITLE_LENGTH_TO_PUBLISH = 5;

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;
