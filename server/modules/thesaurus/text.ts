// Text normalisation, tokenisation and a light stemmer for Russian, Kazakh and English.
// Everything that compares words (thesaurus lookup, builtin embeddings) goes through here,
// so a change to these rules must bump TEXT_ALGORITHM_VERSION.
import { GenerationCache } from './generation-cache.ts';

/** Bumped whenever normalisation or stemming changes what a word turns into. */
export const TEXT_ALGORITHM_VERSION = 'text-v2';

export interface Token {
  /** Normalised (lowercase, ё→е) form of the word. */
  text: string;
  /** Offsets of the word in the original string (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
}

// Cyrillic (incl. Kazakh әғқңөұүһі), Latin (incl. the new Kazakh Latin letters) and digits.
const WORD_RE = /[\p{Script=Cyrillic}\p{Script=Latin}\p{Nd}\p{No}\p{M}]+/gu;
const CYRILLIC_RE = /\p{Script=Cyrillic}/u;
const LATIN_RE = /[a-z]/;
const KAZAKH_LETTER_RE = /[әғқңөұүһі]/;

// Kazakh is often typed with Latin look-alikes inside Cyrillic words ("бiлiм" with Latin i).
const LATIN_TO_CYRILLIC: Record<string, string> = {
  a: 'а', e: 'е', o: 'о', p: 'р', c: 'с', x: 'х', y: 'у', i: 'і', k: 'к', h: 'һ', m: 'м', t: 'т', b: 'в',
};

// Already lowercase, one script, no ё, no combining marks: NFKC and the folds below change nothing.
const PLAIN_WORD_RE = /^(?:[a-z0-9]+|[а-яәғқңөұүһі0-9]+)$/;

/** Lowercases one word, folds ё→е and Latin look-alikes inside Cyrillic words. */
export function normalizeWord(word: string): string {
  const lower = word.toLowerCase();
  if (PLAIN_WORD_RE.test(lower)) return lower;
  let w = word.normalize('NFKC').toLowerCase().replace(/ё/g, 'е').replace(/\p{M}/gu, '');
  if (CYRILLIC_RE.test(w) && LATIN_RE.test(w)) {
    w = w.replace(/[a-z]/g, (ch) => LATIN_TO_CYRILLIC[ch] ?? ch);
  }
  return w;
}

/** Lowercases, folds ё→е, replaces punctuation and symbols by spaces and collapses whitespace. */
export function normalizeText(text: string): string {
  return tokenizeWithOffsets(text)
    .map((t) => t.text)
    .join(' ');
}

/** Words of the text with their offsets in the original string. */
export function tokenizeWithOffsets(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(WORD_RE)) {
    const normalized = normalizeWord(match[0]);
    if (normalized.length === 0) continue;
    tokens.push({ text: normalized, start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

/** Normalised words of the text. */
export function tokenize(text: string): string[] {
  return tokenizeWithOffsets(text).map((t) => t.text);
}

// ---------------------------------------------------------------- Russian

// One pass of longest-ending removal (a much simplified Snowball): enough for inflection,
// deliberately not touching derivation so "обогащение" and "обогатительный" stay apart.
const RU_ENDINGS = [
  'иями', 'ями', 'ами', 'иях', 'ием', 'иям', 'ией',
  'ыми', 'ими', 'ого', 'его', 'ому', 'ему', 'ая', 'яя', 'ое', 'ее', 'ые', 'ие', 'ый', 'ий', 'ой', 'ей',
  'ым', 'им', 'ых', 'их', 'ую', 'юю', 'ия', 'ии', 'ию', 'ье', 'ья', 'ью', 'ьи', 'ьев',
  'ов', 'ев', 'ом', 'ем', 'ам', 'ям', 'ах', 'ях',
  // Only verb endings that cannot end a noun: "-ат/-ит/-ал/-ут" would cut "концентрат", "графит", "минерал",
  // and "-ать/-ять/-ить/-еть" would split "печать/печати", "нейросеть/нейросети" (only "ь" goes).
  'ться', 'тся', 'ются', 'ется', 'ится', 'ятся',
  'а', 'я', 'о', 'е', 'ы', 'и', 'у', 'ю', 'ь', 'й',
].sort((a, b) => b.length - a.length);

const RU_MIN_STEM = 3;

function stemRussian(word: string): string {
  for (const ending of RU_ENDINGS) {
    if (word.length - ending.length >= RU_MIN_STEM && word.endsWith(ending)) {
      return word.slice(0, -ending.length);
    }
  }
  return word;
}

// ---------------------------------------------------------------- Kazakh

// Kazakh stacks suffixes: stem + plural + possessive + case. We peel them right to left.
const KK_CASE = [
  'ның', 'нің', 'дың', 'дің', 'тың', 'тің', // genitive
  'ны', 'ні', 'ды', 'ді', 'ты', 'ті', // accusative
  'ға', 'ге', 'қа', 'ке', 'на', 'не', // dative
  'нда', 'нде', 'да', 'де', 'та', 'те', // locative
  'нан', 'нен', 'дан', 'ден', 'тан', 'тен', 'ынан', 'інен', // ablative
  'мен', 'бен', 'пен', 'ымен', 'імен', // instrumental
];
// Two-letter dative/locative endings also end many nouns ("шахта", "тонна"): they need a longer stem.
const KK_SHORT_CASE = new Set(['да', 'де', 'та', 'те', 'на', 'не', 'ға', 'ге', 'қа', 'ке']);
const KK_POSSESSIVE = ['ымыз', 'іміз', 'ыңыз', 'іңіз', 'сы', 'сі', 'ы', 'і', 'ым', 'ім', 'ың', 'ің'];
const KK_PLURAL = ['лар', 'лер', 'дар', 'дер', 'тар', 'тер'];
const KK_PARTICIPLE = ['ған', 'ген', 'қан', 'кен', 'атын', 'етін', 'йтын', 'йтін'];
const KK_ALL = [KK_CASE, KK_POSSESSIVE, KK_PLURAL].map((group) => [...group].sort((a, b) => b.length - a.length));
const KK_MIN_STEM = 3;

// Short, frequent Kazakh roots the minimum stem length would otherwise protect ("суды" → "су").
const KK_SHORT_ROOTS = ['су', 'мал', 'жер', 'тас', 'сүт', 'кен', 'ауа', 'шөп', 'тұз', 'мұз', 'күн', 'жел'];

// Kazakh words written without Kazakh-only letters still show themselves by stacked endings.
const KK_ENDING_RE = /(лар|лер|дар|дер|тар|тер)(ды|да|дан|ын|ына|ында|ынан|ымен|мен)$|^.{5,}у(ды|да|дан|мен|ын|ына|ында)$/;

function stripKazakhGroup(word: string, group: string[], minStem: number, strict: boolean): string {
  for (const suffix of group) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    const needed = strict && KK_SHORT_CASE.has(suffix) && !KAZAKH_LETTER_RE.test(stem) ? minStem + 1 : minStem;
    if (stem.length >= needed) return stem;
  }
  return word;
}

/** Peels one case, one possessive and one plural suffix, right to left. */
// After a possessive the accusative is a bare "н" ("суларын", "шахтасын"). Peeled only after a plural
// or a vowel + "сы/сі" (or after a known short root) because many roots end in "-ын/-ін" ("алтын").
const KK_POSS_ACCUSATIVE_RE = /(?:(?:лар|лер|дар|дер|тар|тер)[ыі]|[аеыіоөұүәуяю]с[ыі])н$/;

function stripKazakh(word: string, minStem: number, strict = true): string {
  let w = word;
  const [cases, possessives, plurals] = KK_ALL;
  if (KK_POSS_ACCUSATIVE_RE.test(w) || (!strict && /[ыі]н$/.test(w))) w = w.slice(0, -1);
  else w = stripKazakhGroup(w, cases, minStem, strict);
  w = stripKazakhGroup(w, possessives, minStem, strict);
  w = stripKazakhGroup(w, plurals, minStem, strict);
  if (w === word) w = stripKazakhGroup(w, KK_PARTICIPLE, minStem + 1, strict);
  // Loan adjectives: "технологиялық" → "технология", so they meet the Russian noun.
  w = w.replace(/(ия)(лық|лік)$/, '$1');
  // Loan verbal nouns: "флотациялау", "селекциялау" → "флотация", "селекция".
  w = w.replace(/(ия)(лау|леу)$/, '$1');
  // Voiced alternation before a vowel suffix: "төзімділігі" → "төзімділік".
  if (w !== word && /[аеыіоөұүәуя]/.test(word[w.length] ?? '')) {
    w = w.replace(/ғ$/, 'қ').replace(/г$/, 'к').replace(/б$/, 'п');
  }
  return w;
}

function stemShortKazakhRoot(word: string): string | null {
  for (const root of KK_SHORT_ROOTS) {
    if (word.length > root.length && word.startsWith(root) && stripKazakh(word, root.length, false) === root) return root;
  }
  return null;
}

function stemCyrillic(word: string, kazakhText: boolean): string {
  const shortRoot = stemShortKazakhRoot(word);
  if (shortRoot) return shortRoot;
  if (kazakhText || KAZAKH_LETTER_RE.test(word) || KK_ENDING_RE.test(word)) {
    const stripped = stripKazakh(word, KK_MIN_STEM);
    // What is left without Kazakh letters ("флотацияның" → "флотация", "бидайды" → "бидай") is
    // stemmed as Russian too, so the bare form and the inflected form always end up equal.
    return KAZAKH_LETTER_RE.test(stripped) ? stripped : stemRussian(stripped);
  }
  return stemRussian(word);
}

// ---------------------------------------------------------------- English

// Ordered longest first; replacement lets "purification/purify/purifying" all become "pur".
const EN_RULES: Array<[string, string]> = [
  ['ifications', ''], ['ification', ''], ['ifying', ''], ['ified', ''], ['ifies', ''], ['ify', ''],
  ['izations', ''], ['isations', ''], ['ization', ''], ['isation', ''],
  ['izing', ''], ['ising', ''], ['ized', ''], ['ised', ''], ['izes', ''], ['ises', ''], ['ize', ''], ['ise', ''],
  ['ically', ''], ['ical', ''], ['ics', ''], ['ic', ''],
  ['ations', ''], ['ation', ''], ['ating', ''], ['ated', ''], ['ates', ''], ['ate', ''],
  ['ments', ''], ['ment', ''], ['ness', ''], ['ities', ''], ['ity', ''], ['ively', ''], ['ive', ''],
  // "tolerant/tolerance", "resistant/resistance", "efficient/efficiency" meet; plural forms listed too
  // because only one rule applies per word.
  ['ancies', ''], ['encies', ''], ['ances', ''], ['ences', ''], ['ancy', ''], ['ency', ''], ['ance', ''], ['ence', ''],
  ['ants', ''], ['ents', ''], ['ant', ''], ['ent', ''],
  ['ions', ''], ['ion', ''], ['ings', ''], ['ing', ''], ['ies', 'y'], ['ied', 'y'], ['edly', ''], ['ed', ''],
  ['ly', ''], ['es', ''], ['s', ''], ['e', ''], ['y', ''],
];
const EN_MIN_STEM = 3;
const EN_KEEP_FINAL_S = /(ss|us|is|ous)$/;

function stemEnglish(word: string): string {
  if (word.length <= EN_MIN_STEM) return word;
  for (const [suffix, replacement] of EN_RULES) {
    if (!word.endsWith(suffix)) continue;
    if ((suffix === 's' || suffix === 'es') && EN_KEEP_FINAL_S.test(word)) continue;
    if (suffix === 'es' && !/(ch|sh|ss|x|z|s)es$/.test(word)) continue; // "slimes" → "slime" via 's'
    let stem = word.slice(0, -suffix.length) + replacement;
    if (stem.length < EN_MIN_STEM) continue;
    // "treating"/"treated" must not lose the root's "at" ("tre"); "separating" → "separ" still does.
    if (suffix.startsWith('at') && /[aeiou]$/.test(stem)) continue;
    // "mapped" → "map", but "drilling" keeps "drill".
    if (/(ing|ed)$/.test(suffix) && /([^aeioulsz])\1$/.test(stem)) stem = stem.slice(0, -1);
    if (replacement === 'y') return stemEnglish(stem);
    return stem.endsWith('e') && stem.length > EN_MIN_STEM ? stem.slice(0, -1) : stem;
  }
  return word;
}

// ---------------------------------------------------------------- dispatch

/** Language hint for stemming; only 'kk' changes anything (Kazakh words often lack Kazakh-only letters). */
export type TextLanguage = 'ru' | 'kk' | 'en';

const STEM_CACHE_LIMIT = 100_000;
const stemCaches = { plain: new GenerationCache<string>(STEM_CACHE_LIMIT), kk: new GenerationCache<string>(STEM_CACHE_LIMIT) };

/** Stems one normalised word; digits and mixed tokens ("co2", "h2so4") are kept as they are. */
export function stemToken(token: string, language?: TextLanguage): string {
  const kazakhText = language === 'kk';
  const cache = kazakhText ? stemCaches.kk : stemCaches.plain;
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  let stem = token;
  if (/\d/.test(token) || token.length <= 2) stem = token;
  else if (CYRILLIC_RE.test(token)) stem = stemCyrillic(token, kazakhText);
  else if (/^[a-z]+$/.test(token)) stem = stemEnglish(token);
  cache.set(token, stem);
  return stem;
}

// Kazakh prose has a Kazakh-only letter in most words; Russian prose has almost none.
const KAZAKH_SHARE_THRESHOLD = 0.2;

/** Guesses whether Cyrillic words in the text are Kazakh ('kk') or Russian ('ru'); 'en' when none are Cyrillic. */
export function detectLanguage(tokens: readonly string[]): TextLanguage {
  let cyrillic = 0;
  let kazakh = 0;
  for (const token of tokens) {
    if (!CYRILLIC_RE.test(token)) continue;
    cyrillic++;
    if (KAZAKH_LETTER_RE.test(token)) kazakh++;
  }
  if (cyrillic === 0) return 'en';
  return kazakh / cyrillic >= KAZAKH_SHARE_THRESHOLD ? 'kk' : 'ru';
}

/** Stems every word of a text with one language guess for the whole text. */
export function stemTokens(tokens: readonly string[], language: TextLanguage = detectLanguage(tokens)): string[] {
  return tokens.map((token) => stemToken(token, language));
}
