import {
  bayesianScore,
  normaliseTags,
  planTextSearch,
  ratingRefusal,
  resolveSort,
  summariseRatings,
} from './store.rules';

describe('resolveSort', () => {
  it('defaults to relevance with a query and popular without', () => {
    expect(resolveSort(undefined, 'chat')).toBe('relevance');
    expect(resolveSort(undefined, undefined)).toBe('popular');
  });
  it('keeps an explicit sort, but relevance needs a query', () => {
    expect(resolveSort('newest', 'chat')).toBe('newest');
    expect(resolveSort('rating', undefined)).toBe('rating');
    expect(resolveSort('relevance', undefined)).toBe('popular');
  });
});

describe('planTextSearch', () => {
  it('gives English stemming, substring and (from 4 characters) typo tolerance', () => {
    expect(planTextSearch('custmer')).toEqual({
      fts: true,
      typo: true,
      substring: 'indexed',
      wordPrefix: null,
      caseless: false,
    });
    expect(planTextSearch('bot')).toEqual(
      expect.objectContaining({ fts: true, typo: false, substring: 'indexed' }),
    );
  });
  it('keeps Chinese, Japanese and Korean to caseless substring matching, indexed from 3 characters', () => {
    for (const q of ['客服', 'カス', '고객']) {
      expect(planTextSearch(q)).toEqual({
        fts: false,
        typo: false,
        substring: 'scan',
        wordPrefix: null,
        caseless: true,
      });
    }
    expect(planTextSearch('智能客服助手')).toEqual(
      expect.objectContaining({ substring: 'indexed', caseless: true }),
    );
    expect(planTextSearch('AI 客服')).toEqual(
      expect.objectContaining({ fts: false, substring: 'indexed', caseless: false }),
    );
  });
  it('matches 1–2 Latin characters as word prefixes, and odd short input as a substring', () => {
    expect(planTextSearch('AI')).toEqual(
      expect.objectContaining({ wordPrefix: 'ai', substring: 'off', fts: false }),
    );
    expect(planTextSearch('%')).toEqual(expect.objectContaining({ wordPrefix: null, substring: 'scan' }));
  });
});

describe('bayesianScore', () => {
  it('pulls a single 5-star vote towards the global mean, below a well-rated agent', () => {
    const mean = 4;
    const oneVote = bayesianScore(5, 1, mean);
    const many = bayesianScore(4.6, 200, mean);
    expect(oneVote).toBeCloseTo((5 * 4 + 5) / 6, 10);
    expect(oneVote).toBeLessThan(many);
  });
  it('is the global mean for an unrated agent and tends to the average with many votes', () => {
    expect(bayesianScore(0, 0, 3.7)).toBeCloseTo(3.7, 10);
    expect(bayesianScore(4.9, 100_000, 3)).toBeCloseTo(4.9, 3);
  });
});

describe('normaliseTags', () => {
  it('lower-cases and de-duplicates; nothing means no filter', () => {
    expect(normaliseTags(['FAQ', 'faq', 'Support'])).toEqual(['faq', 'support']);
    expect(normaliseTags([])).toBeUndefined();
    expect(normaliseTags(undefined)).toBeUndefined();
  });
});

describe('ratingRefusal', () => {
  it('allows users who installed or used the agent', () => {
    expect(ratingRefusal({ isOwner: false, installed: true, used: false })).toBeNull();
    expect(ratingRefusal({ isOwner: false, installed: false, used: true })).toBeNull();
  });
  it('refuses strangers and the developer of the agent', () => {
    expect(ratingRefusal({ isOwner: false, installed: false, used: false })).toMatch(/Install or use/);
    expect(ratingRefusal({ isOwner: true, installed: true, used: true })).toMatch(/own agent/);
  });
});

describe('summariseRatings', () => {
  it('fills every score of the histogram and computes the mean', () => {
    expect(
      summariseRatings([
        { score: 5, count: 3 },
        { score: 1, count: 1 },
      ]),
    ).toEqual({ average: 4, count: 4, histogram: { '1': 1, '2': 0, '3': 0, '4': 0, '5': 3 } });
  });
  it('is all zeros without ratings', () => {
    expect(summariseRatings([])).toEqual({
      average: 0,
      count: 0,
      histogram: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 },
    });
  });
});
