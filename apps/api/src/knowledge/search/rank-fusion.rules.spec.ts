import { hybridWeights, reciprocalRankFusion, RRF_K } from './rank-fusion.rules.js';

const id = (s: string) => s;

describe('reciprocalRankFusion', () => {
  it('sums weight / (k + rank) over the rankings an item appears in', () => {
    const fused = reciprocalRankFusion(
      [
        { items: ['a', 'b', 'c'], weight: 1 },
        { items: ['c', 'a'], weight: 1 },
      ],
      id,
    );
    expect(fused.map((f) => f.item)).toEqual(['a', 'c', 'b']);
    expect(fused[0].fused).toBeCloseTo(1 / (RRF_K + 1) + 1 / (RRF_K + 2));
    expect(fused[1].fused).toBeCloseTo(1 / (RRF_K + 3) + 1 / (RRF_K + 1));
    expect(fused[2].fused).toBeCloseTo(1 / (RRF_K + 2));
  });

  it('lets the heavier list decide between items found once each', () => {
    const fused = reciprocalRankFusion(
      [
        { items: ['v'], weight: 0.3 },
        { items: ['t'], weight: 0.7 },
      ],
      id,
    );
    expect(fused.map((f) => f.item)).toEqual(['t', 'v']);
  });

  it('drops items only a zero-weight list found and keeps first-appearance order on ties', () => {
    const fused = reciprocalRankFusion(
      [
        { items: ['x', 'y'], weight: 1 },
        { items: ['z', 'x'], weight: 0 },
        { items: ['y', 'x'], weight: 1 },
      ],
      id,
    );
    expect(fused.map((f) => f.item)).toEqual(['x', 'y']);
    expect(fused[0].fused).toBeCloseTo(fused[1].fused);
  });

  it('keeps the first list’s copy of an item and uses a custom k', () => {
    const fused = reciprocalRankFusion(
      [
        { items: [{ id: 'a', from: 'vector' }], weight: 1 },
        { items: [{ id: 'a', from: 'text' }], weight: 1 },
      ],
      (x) => x.id,
      0,
    );
    expect(fused).toEqual([{ item: { id: 'a', from: 'vector' }, fused: 2 }]);
  });

  it('returns nothing for no rankings', () => {
    expect(reciprocalRankFusion([], id)).toEqual([]);
  });
});

describe('hybridWeights', () => {
  it('splits the weight between the lists and clamps it to 0–1', () => {
    expect(hybridWeights(0.3)).toEqual({ vector: 0.7, text: 0.3 });
    expect(hybridWeights(0)).toEqual({ vector: 1, text: 0 });
    expect(hybridWeights(2)).toEqual({ vector: 0, text: 1 });
  });
});
