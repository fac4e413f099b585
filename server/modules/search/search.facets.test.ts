import { describe, expect, it } from 'vitest';
import { facetKeysOf, splitFacetDistribution, TASK_FACETS } from './search.facets.ts';

describe('facet keys', () => {
  it('turns each facet value into one "field:value" key, arrays element by element, empty values skipped', () => {
    const doc = { priorityAreas: ['water', 'mining'], region: 'karaganda', lang: 'en', accredited: false, city: null, trl: 0, note: '' };
    expect(facetKeysOf(doc, ['priorityAreas', 'region', 'lang', 'accredited', 'city', 'trl', 'note'])).toEqual([
      'priorityAreas:water', 'priorityAreas:mining', 'region:karaganda', 'lang:en', 'accredited:false', 'trl:0',
    ]);
  });

  it('splits a distribution back into one count map per facet, ignoring keys of other fields', () => {
    const split = splitFacetDistribution({ 'priorityArea:water': 3, 'trlTarget:7': 2, 'deadlineYear:2027': 1, 'region:almaty': 4, 'stray:x': 9, nocolon: 1 }, TASK_FACETS);
    expect(split).toEqual({ priorityArea: { water: 3 }, region: { almaty: 4 }, lang: {}, trlTarget: { 7: 2 }, budgetBand: {}, deadlineYear: { 2027: 1 } });
  });

  it('matches field names case-insensitively, as Meilisearch groups facet strings', () => {
    expect(splitFacetDistribution({ 'priorityarea:water': 2 }, ['priorityArea']).priorityArea).toEqual({ water: 2 });
  });

  it('keeps values that contain the separator', () => {
    expect(splitFacetDistribution({ 'region:a:b': 1 }, ['region']).region).toEqual({ 'a:b': 1 });
  });
});
