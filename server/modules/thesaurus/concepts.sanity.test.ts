// Sanity of the real concept data in concepts/. Other tests use fixtures; this one fails, listing the
// offending entries, when the data has problems the loader had to skip or repair.
import { describe, expect, it } from 'vitest';
import { CONCEPT_LANGUAGES } from './thesaurus.loader.ts';
import { getDefaultThesaurus, THESAURUS_VERSION, type ThesaurusIssue } from './thesaurus.ts';

const thesaurus = getDefaultThesaurus();

function describeIssues(kinds: ThesaurusIssue['kind'][]): string[] {
  return thesaurus.issues
    .filter((issue) => kinds.includes(issue.kind))
    .map((issue) => `${issue.file ?? '?'} ${issue.conceptId ?? ''}: ${issue.detail}`);
}

describe('bundled concepts', () => {
  it('load, with every file valid JSON and every entry usable', () => {
    expect(thesaurus.concepts.length).toBeGreaterThan(0);
    expect(describeIssues(['invalid-file', 'invalid-concept'])).toEqual([]);
    expect(thesaurus.version).toBe(THESAURUS_VERSION);
  });

  it('have unique ids', () => {
    expect(describeIssues(['duplicate-id'])).toEqual([]);
  });

  it('have a label and terms in Russian, Kazakh and English', () => {
    expect(describeIssues(['missing-label'])).toEqual([]);
    const withoutTerms = thesaurus.concepts.flatMap((c) =>
      CONCEPT_LANGUAGES.filter((lang) => c.terms[lang].length === 0).map((lang) => `${c.id}: no ${lang} terms`),
    );
    expect(withoutTerms).toEqual([]);
  });

  it('only name broader concepts that exist (the loader drops the others)', () => {
    expect(describeIssues(['unknown-broader'])).toEqual([]);
  });
});
