import { describe, expect, it } from 'vitest';
import { SEARCH_RESULT_CAP } from '../../../shared/schemas/search.ts';
import { compareCandidates, countFacetKeys, meiliSortOf, rankCandidates } from './search.ranking.ts';
import { correctSpelling, editDistance, nearestWord } from './search.spelling.ts';

describe('the result set of a search with words', () => {
  it('drops hits under the floor, orders by score and breaks ties by id', () => {
    const hits = [
      { id: 'c', _rankingScore: 0.9 }, { id: 'a', _rankingScore: 0.7 }, { id: 'b', _rankingScore: 0.9 }, { id: 'd', _rankingScore: 0.5 },
    ];
    expect(rankCandidates(hits, 0.6, 'relevance').ranked.map((hit) => hit.id)).toEqual(['b', 'c', 'a']);
    expect(rankCandidates(hits, null, 'relevance').ranked.map((hit) => hit.id)).toEqual(['b', 'c', 'a', 'd']);
  });

  it('orders by budget upper bound, then lower bound, highest first, missing values last', () => {
    const hits = [
      { id: '1', budgetMaxKzt: null, budgetMinKzt: 5 }, { id: '2', budgetMaxKzt: 10, budgetMinKzt: null }, { id: '3', budgetMaxKzt: 10, budgetMinKzt: 3 },
      { id: '4', budgetMaxKzt: null, budgetMinKzt: null }, { id: '0', budgetMaxKzt: null, budgetMinKzt: null },
    ];
    expect([...hits].sort(compareCandidates('budget')).map((hit) => hit.id)).toEqual(['3', '2', '1', '0', '4']);
    expect(meiliSortOf('budget')).toEqual(['budgetMaxKzt:desc', 'budgetMinKzt:desc', 'id:asc']);
  });

  it('says when more than the cap matched, and keeps only the cap', () => {
    const hits = Array.from({ length: SEARCH_RESULT_CAP + 1 }, (_, i) => ({ id: String(i).padStart(5, '0'), _rankingScore: 0.8 }));
    const { ranked, capped } = rankCandidates(hits, 0.6, 'relevance');
    expect(capped).toBe(true);
    expect(ranked).toHaveLength(SEARCH_RESULT_CAP);
    expect(rankCandidates(hits.slice(1), 0.6, 'relevance').capped).toBe(false);
  });

  it('counts every facet key once per document', () => {
    expect(countFacetKeys([{ id: 'a', facetKeys: ['region:almaty', 'lang:ru'] }, { id: 'b', facetKeys: ['region:almaty', 'region:almaty'] }, { id: 'c' }]))
      .toEqual({ 'region:almaty': 2, 'lang:ru': 1 });
  });
});

describe('spelling suggestions', () => {
  it('measures edits with adjacent transpositions as one', () => {
    expect(editDistance('flotation', 'flotation', 2)).toBe(0);
    expect(editDistance('foltation', 'flotation', 2)).toBe(1);
    expect(editDistance('fltatin', 'flotation', 2)).toBe(2);
    expect(editDistance('abc', 'xyzuvw', 2)).toBe(3);
  });

  it('replaces unknown words by the nearest word of the thesaurus and leaves known words alone', () => {
    expect(nearestWord('flotation')).toBeNull();
    expect(correctSpelling('fltatin')).toBe('flotation');
    expect(correctSpelling('ирригацыя')).toBe('ирригация');
    expect(correctSpelling('flotation 2027')).toBeNull();
  });
});
