import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURE_CONCEPTS } from './test-fixtures/concepts.fixture.ts';
import { loadThesaurus } from './thesaurus.ts';

const thesaurus = loadThesaurus(FIXTURE_CONCEPTS);

function conceptIds(text: string): string[] {
  return [...new Set(thesaurus.extractConcepts(text).map((o) => o.conceptId))];
}

describe('extractConcepts', () => {
  it('finds inflected Russian and Kazakh forms of the concept the English term names', () => {
    const english = conceptIds('Mine water treatment: removal of heavy metals');
    const russian = conceptIds('Очистка шахтных вод от тяжёлых металлов');
    const kazakh = conceptIds('Кәсіпорын шахта суларын ауыр металдардан тазартуды қажет етеді');
    for (const ids of [english, russian, kazakh]) {
      expect(ids).toEqual(expect.arrayContaining(['water.mine-water', 'metallurgy.heavy-metals']));
    }
    expect(conceptIds('бидайдың құрғақшылыққа төзімділігі')).toEqual(['agritech.wheat', 'agritech.drought-tolerance']);
    expect(conceptIds('засухоустойчивость яровой пшеницы')).toEqual(['agritech.drought-tolerance', 'agritech.wheat']);
    expect(conceptIds('drought-tolerant spring wheat')).toEqual(['agritech.drought-tolerance', 'agritech.wheat']);
  });

  it('maps a shop-floor phrase and a scientific phrase to one concept', () => {
    expect(conceptIds('У нас котлы забиваются накипью каждую зиму')).toEqual(['water.scale-inhibition']);
    expect(conceptIds('Подбор антискаланта для теплообменников')).toEqual(['water.scale-inhibition']);
    expect(conceptIds('Ингибирование накипеобразования в теплообменниках')).toEqual(['water.scale-inhibition']);
  });

  it('reports offsets of the matched words in the original text and the dictionary term', () => {
    const text = 'Задача: ОЧИСТКА  шахтных вод, затем — ИИ.';
    const found = thesaurus.extractConcepts(text);
    expect(found.map((o) => [o.conceptId, text.slice(o.start, o.end), o.term])).toEqual([
      ['water.mine-water', 'шахтных вод', 'Шахтные воды'], // the label comes first among equal terms
      ['ai.artificial-intelligence', 'ИИ', 'ии'],
    ]);
  });

  it('lets the longest term win over a term nested inside it', () => {
    const found = thesaurus.extractConcepts('очистка сточных вод');
    expect(found).toEqual([{ conceptId: 'water.treatment', term: 'очистка сточных вод', start: 0, end: 19 }]);
    expect(conceptIds('котлы забиваются накипью')).toEqual(['water.scale-inhibition']);
    expect(thesaurus.extractConcepts('котлы забиваются накипью')).toHaveLength(1);
  });

  it('keeps overlapping terms that are not nested', () => {
    expect(conceptIds('mine water treatment')).toEqual(['water.mine-water', 'water.treatment']);
  });

  it('matches a stem of two letters or fewer only as the exact word, except Kazakh roots in Kazakh text or multiword terms', () => {
    expect(conceptIds('Суды вынесли решение')).toEqual([]); // Russian "courts", not Kazakh "water"
    expect(conceptIds('Ауылға суды құбырмен жеткізу')).toEqual(['water.water']);
    // No Kazakh-only letter, so guessed Russian; the multiword Kazakh term is context enough.
    expect(conceptIds('шахта суын тазарту')).toEqual(['water.mine-water', 'water.treatment']);
    expect(conceptIds('ИИ и нейросети')).toEqual(['ai.artificial-intelligence']);
    expect(conceptIds('и')).toEqual([]);
  });

  it('tells apart one-word terms whose three-letter stems collide, by how the words inflect', () => {
    expect(conceptIds('Производство меди')).toEqual(['metallurgy.copper']);
    expect(conceptIds('Медью и мёдом')).toEqual(['metallurgy.copper', 'agritech.honey']);
    expect(conceptIds('Сбыт мёда')).toEqual(['agritech.honey']);
    expect(conceptIds('Балдың сапасы, балы')).toEqual(['agritech.honey']);
    expect(conceptIds('Бала бақшасы')).toEqual([]); // Kazakh "child", not "honey"
  });

  it('handles an empty or symbol-only text', () => {
    expect(thesaurus.extractConcepts('')).toEqual([]);
    expect(thesaurus.extractConcepts(' — ,.; ')).toEqual([]);
  });
});

describe('concept lookups', () => {
  it('returns labels by locale and falls back to the id for unknown concepts', () => {
    expect(thesaurus.conceptLabel('agritech.wheat', 'kk')).toBe('Бидай');
    expect(thesaurus.getConcept('agritech.wheat')?.areas).toEqual(['agritech']);
    expect(thesaurus.conceptLabel('no.such', 'ru')).toBe('no.such');
  });

  it('expands broader concepts with their shortest distance, up to the depth', () => {
    const expanded = thesaurus.expandBroader(['water.mine-water', 'water.scale-inhibition', 'no.such'], 2);
    expect(Object.fromEntries(expanded)).toEqual({
      'water.mine-water': 0,
      'water.scale-inhibition': 0,
      'water.wastewater': 1,
      'water.treatment': 1,
    });
    expect([...thesaurus.expandBroader(['agritech.drought-tolerance'], 0).keys()]).toEqual(['agritech.drought-tolerance']);
  });

  it('survives a cycle of broader concepts', () => {
    const cyclic = loadThesaurus([
      { id: 'a.one', areas: [], label: { ru: 'а', kk: 'а', en: 'a' }, terms: { ru: [], kk: [], en: ['alpha'] }, broader: ['a.two'] },
      { id: 'a.two', areas: [], label: { ru: 'б', kk: 'б', en: 'b' }, terms: { ru: [], kk: [], en: ['beta'] }, broader: ['a.one'] },
    ]);
    expect(Object.fromEntries(cyclic.expandBroader(['a.one'], 10))).toEqual({ 'a.one': 0, 'a.two': 1 });
  });
});

describe('buildMeiliSynonyms', () => {
  it('makes a concept\'s terms mutual synonyms across languages', () => {
    const synonyms = thesaurus.buildMeiliSynonyms({ maxTermsPerConcept: 6 });
    expect(synonyms['шахтные воды']).toEqual(expect.arrayContaining(['шахта сулары', 'mine water']));
    expect(synonyms['mine water']).toContain('шахтные воды');
    expect(synonyms['бидай']).toEqual(expect.arrayContaining(['пшеница', 'wheat']));
  });

  it('stays within the bounds it was given', () => {
    const synonyms = thesaurus.buildMeiliSynonyms({ maxTermsPerConcept: 3, maxSynonymsPerTerm: 2 });
    for (const list of Object.values(synonyms)) expect(list.length).toBeLessThanOrEqual(2);
    expect(Object.keys(synonyms).length).toBeLessThanOrEqual(FIXTURE_CONCEPTS.length * 3);
    // Without a per-term cap a term has at most the other picked terms of its concepts.
    const loose = thesaurus.buildMeiliSynonyms({ maxTermsPerConcept: 3 });
    expect(loose['пшеница']).toEqual(['бидай', 'wheat']);
  });

  it('can leave phrases out without reaching for further terms', () => {
    const synonyms = thesaurus.buildMeiliSynonyms({ maxTermsPerConcept: 3, singleWordsOnly: true });
    expect(synonyms['пшеница']).toEqual(['бидай', 'wheat']);
    for (const [term, list] of Object.entries(synonyms)) {
      expect(term).not.toContain(' ');
      for (const other of list) expect(other).not.toContain(' ');
    }
    // The mine-water labels are all phrases: that concept contributes nothing.
    expect(synonyms['шахтные воды']).toBeUndefined();
    expect(Object.keys(synonyms).length).toBeLessThan(Object.keys(thesaurus.buildMeiliSynonyms({ maxTermsPerConcept: 3 })).length);
  });
});

describe('loadThesaurus', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kopir-thesaurus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a folder, drops unknown broader ids and duplicates, and reports them without crashing', () => {
    writeFileSync(path.join(dir, 'a.json'), JSON.stringify([FIXTURE_CONCEPTS[0], { ...FIXTURE_CONCEPTS[1], broader: ['water.nowhere'] }]));
    writeFileSync(path.join(dir, 'b.json'), JSON.stringify([{ ...FIXTURE_CONCEPTS[0], label: { en: 'Copy' } }, { areas: [] }]));
    writeFileSync(path.join(dir, 'c.json'), '{ not json');
    const loaded = loadThesaurus(dir);
    expect(loaded.concepts.map((c) => c.id)).toEqual(['water.treatment', 'water.wastewater']);
    expect(loaded.getConcept('water.wastewater')?.broader).toEqual([]);
    expect(loaded.issues.map((i) => i.kind).sort()).toEqual(['duplicate-id', 'invalid-concept', 'invalid-file', 'unknown-broader']);
    expect(loaded.issues.find((i) => i.kind === 'unknown-broader')?.detail).toContain('water.nowhere');
  });

  it('changes its version when the data changes, and only then', () => {
    const same = loadThesaurus(FIXTURE_CONCEPTS);
    const changed = loadThesaurus(FIXTURE_CONCEPTS.slice(1));
    expect(same.version).toBe(thesaurus.version);
    expect(changed.version).not.toBe(thesaurus.version);
    expect(thesaurus.version).toMatch(/^[0-9a-f]{10}$/);
  });

  it('loads a missing folder as an empty thesaurus', () => {
    const empty = loadThesaurus(path.join(dir, 'missing'));
    expect(empty.concepts).toEqual([]);
    expect(empty.extractConcepts('mine water')).toEqual([]);
  });
});
