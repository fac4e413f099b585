// Three-letter stems collide across unrelated words: "медь" (copper) and "мёд" (honey) both stem to
// "мед", "литий"/"литье" to "лит", Kazakh "бал" (honey) and "бала" (child) to "бал". For a one-word
// term with such a stem, the text word must also end the way that term's word inflects.
import type { ConceptLanguage } from './thesaurus.loader.ts';

// Russian case endings by what the stemmer removed from the dictionary form.
const RU_PARADIGMS: Record<string, string[]> = {
  '': ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах'], // мёд: мёда, мёдом
  ь: ['ь', 'и', 'ью', 'ей', 'я', 'ю', 'ем', 'е', 'ям', 'ями', 'ях'], // медь: меди, медью
  а: ['а', 'ы', 'и', 'е', 'у', 'ой', 'ою', 'ам', 'ами', 'ах', ''],
  я: ['я', 'и', 'е', 'ю', 'ей', 'ям', 'ями', 'ях', 'ь', ''],
  о: ['о', 'а', 'у', 'ом', 'е', 'ам', 'ами', 'ах', ''],
  е: ['е', 'я', 'ю', 'ем', 'ей', 'ям', 'ями', 'ях', 'ь'],
  // Terms given in the plural: "сели" (mudflows) inflects like "сель", not like "село".
  и: ['ь', 'и', 'ью', 'ей', 'я', 'ю', 'ем', 'е', 'ям', 'ями', 'ях'],
  ы: ['', 'а', 'у', 'ом', 'е', 'ы', 'ов', 'ам', 'ами', 'ах'],
  ий: ['ий', 'ия', 'ию', 'ием', 'ии', 'иев', 'иям', 'иями', 'иях'], // литий
  ье: ['ье', 'ья', 'ью', 'ьем', 'ьи', 'ьям', 'ьями', 'ьях'], // литье
};

// Any chain of plural + possessive + case (or none).
const KK_SUFFIXES_RE =
  /^(?:лар|лер|дар|дер|тар|тер)?(?:ымыз|іміз|ыңыз|іңіз|сы|сі|ы|і|ым|ім|ың|ің)?(?:н|ның|нің|дың|дің|тың|тің|ны|ні|ды|ді|ты|ті|ға|ге|қа|ке|на|не|нда|нде|да|де|та|те|нан|нен|дан|ден|тан|тен|ынан|інен|мен|бен|пен|ымен|імен)?$/;

const EN_PLURAL = ['', 's', 'es'];

export const SHORT_STEM_LENGTH = 3;

/**
 * A check for text words that share the term word's stem, or null when no check applies (longer
 * stems, or a term word the stemmer changed in a way this does not model).
 */
export function createInflectionCheck(termWord: string, stem: string, lang: ConceptLanguage): ((word: string) => boolean) | null {
  if (stem.length !== SHORT_STEM_LENGTH || !termWord.startsWith(stem)) return null;
  const termEnding = termWord.slice(stem.length);
  const endingOf = (word: string) => (word.startsWith(stem) ? word.slice(stem.length) : null);
  if (lang === 'kk') {
    return (word) => {
      const ending = endingOf(word);
      return ending !== null && (ending === termEnding || KK_SUFFIXES_RE.test(ending));
    };
  }
  if (lang === 'en') {
    // "canning" must not match the modal "can", nor "mine" the abbreviation "min"; "dam" matches "dams".
    return (word) => {
      const ending = endingOf(word);
      if (ending === null) return true;
      return termEnding === '' ? EN_PLURAL.includes(ending) : ending !== '';
    };
  }
  const paradigm = RU_PARADIGMS[termEnding];
  if (!paradigm) return null;
  return (word) => {
    const ending = endingOf(word);
    // A Kazakh word in Russian text ("мыстың") is not this check's business.
    return ending === null || paradigm.includes(ending) || /[әғқңөұүһі]/.test(word);
  };
}
