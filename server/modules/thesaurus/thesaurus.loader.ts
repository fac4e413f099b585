// Reads and checks concept data. Bad data never crashes the server: a broken entry is skipped or
// repaired and reported in `issues`, and the sanity test over the real folder fails on those issues.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEXT_ALGORITHM_VERSION } from './text.ts';

export const CONCEPT_LANGUAGES = ['ru', 'kk', 'en'] as const;
export type ConceptLanguage = (typeof CONCEPT_LANGUAGES)[number];

export interface Concept {
  /** "<area-prefix>.<kebab-name>", unique across all files. */
  id: string;
  areas: string[];
  label: Record<ConceptLanguage, string>;
  terms: Record<ConceptLanguage, string[]>;
  /** Ids of more general concepts; unknown ids are dropped at load time. */
  broader: string[];
}

export interface ThesaurusIssue {
  kind: 'invalid-file' | 'invalid-concept' | 'duplicate-id' | 'missing-label' | 'unknown-broader';
  conceptId?: string;
  file?: string;
  detail: string;
}

export interface ConceptFile {
  name: string;
  text: string;
}

/** Bumped when the matcher changes what a term matches, so the thesaurus version changes too. */
const MATCHER_VERSION = 'm2';

export const DEFAULT_CONCEPTS_DIR = fileURLToPath(new URL('./concepts/', import.meta.url));

/** The raw `*.json` files of a folder, sorted by name; a missing folder is simply empty. */
export function readConceptFiles(dir: string): ConceptFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}

/** Short content hash: changes whenever the data or the text/matching algorithm changes. */
export function hashThesaurusSource(parts: readonly string[]): string {
  const hash = createHash('sha256').update(`${TEXT_ALGORITHM_VERSION}\0${MATCHER_VERSION}`);
  for (const part of parts) hash.update('\0').update(part);
  return hash.digest('hex').slice(0, 10);
}

export function hashConceptFiles(files: readonly ConceptFile[]): string {
  return hashThesaurusSource(files.flatMap((f) => [f.name, f.text]));
}

/** Parses the files into raw entries, each tagged with the file it came from. */
export function parseConceptFiles(files: readonly ConceptFile[], issues: ThesaurusIssue[]): Array<{ raw: unknown; file?: string }> {
  const entries: Array<{ raw: unknown; file?: string }> = [];
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(file.text);
    } catch (error) {
      issues.push({ kind: 'invalid-file', file: file.name, detail: `not valid JSON: ${(error as Error).message}` });
      continue;
    }
    if (!Array.isArray(parsed)) {
      issues.push({ kind: 'invalid-file', file: file.name, detail: 'expected a JSON array of concepts' });
      continue;
    }
    for (const raw of parsed) entries.push({ raw, file: file.name });
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readStrings(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

/** Checks one raw entry; returns null (with an issue) when it cannot be used at all. */
function readConcept(raw: unknown, file: string | undefined, issues: ThesaurusIssue[]): Concept | null {
  if (!isRecord(raw) || typeof raw.id !== 'string' || raw.id.trim() === '') {
    issues.push({ kind: 'invalid-concept', file, detail: `entry without a string id: ${JSON.stringify(raw)?.slice(0, 80)}` });
    return null;
  }
  const id = raw.id.trim();
  const rawLabel = isRecord(raw.label) ? raw.label : {};
  const rawTerms = isRecord(raw.terms) ? raw.terms : {};
  const label = {} as Record<ConceptLanguage, string>;
  const terms = {} as Record<ConceptLanguage, string[]>;
  for (const lang of CONCEPT_LANGUAGES) {
    const text = rawLabel[lang];
    label[lang] = typeof text === 'string' ? text.trim() : '';
    if (label[lang] === '') issues.push({ kind: 'missing-label', conceptId: id, file, detail: `no ${lang} label` });
    terms[lang] = readStrings(rawTerms[lang]);
  }
  if (CONCEPT_LANGUAGES.every((lang) => terms[lang].length === 0 && label[lang] === '')) {
    issues.push({ kind: 'invalid-concept', conceptId: id, file, detail: 'no labels and no terms' });
    return null;
  }
  return { id, areas: readStrings(raw.areas), label, terms, broader: readStrings(raw.broader) };
}

/** Validates raw entries: skips unusable ones, keeps the first of duplicate ids, drops unknown broader ids. */
export function validateConcepts(entries: ReadonlyArray<{ raw: unknown; file?: string }>, issues: ThesaurusIssue[]): Concept[] {
  const byId = new Map<string, Concept>();
  for (const { raw, file } of entries) {
    const rawId = isRecord(raw) && typeof raw.id === 'string' ? raw.id.trim() : null;
    if (rawId && byId.has(rawId)) {
      issues.push({ kind: 'duplicate-id', conceptId: rawId, file, detail: 'id already used; later entry ignored' });
      continue;
    }
    const concept = readConcept(raw, file, issues);
    if (concept) byId.set(concept.id, concept);
  }
  for (const concept of byId.values()) {
    const known = concept.broader.filter((id) => byId.has(id) && id !== concept.id);
    for (const id of concept.broader) {
      if (known.includes(id)) continue;
      const detail = id === concept.id ? 'lists itself as broader' : `broader "${id}" does not resolve`;
      issues.push({ kind: 'unknown-broader', conceptId: concept.id, detail });
    }
    concept.broader = [...new Set(known)];
  }
  return [...byId.values()];
}
