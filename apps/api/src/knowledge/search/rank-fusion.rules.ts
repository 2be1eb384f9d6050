/**
 * Reciprocal rank fusion (Cormack et al., 2009): an item's fused score is the weighted sum over
 * the rankings it appears in of `weight / (k + rank)` (rank 1-based). Rank-based, so a cosine
 * similarity and a full-text rank need no common scale. Pure; no Nest or database here.
 */

/** The usual constant: dampens the gap between the first ranks. */
export const RRF_K = 60;

export interface Ranking<T> {
  items: readonly T[];
  weight: number;
}

export interface Fused<T> {
  item: T;
  fused: number;
}

/**
 * Fuses rankings of items identified by `key`; an item found in several keeps the first list's
 * copy. Ties keep the order of first appearance (list order, then rank). Zero-weight lists only
 * contribute nothing.
 */
export function reciprocalRankFusion<T>(
  rankings: readonly Ranking<T>[],
  key: (item: T) => string,
  k: number = RRF_K,
): Array<Fused<T>> {
  const byKey = new Map<string, Fused<T> & { order: number }>();
  for (const { items, weight } of rankings) {
    items.forEach((item, i) => {
      const id = key(item);
      const contribution = weight / (k + i + 1);
      const seen = byKey.get(id);
      if (seen) seen.fused += contribution;
      else byKey.set(id, { item, fused: contribution, order: byKey.size });
    });
  }
  return [...byKey.values()]
    .filter((f) => f.fused > 0)
    .sort((a, b) => b.fused - a.fused || a.order - b.order)
    .map(({ item, fused }) => ({ item, fused }));
}

/**
 * The weights of the two lists for a base's hybrid weight `w` (weight of full text):
 * vector `1 − w`, full text `w`.
 */
export function hybridWeights(hybridWeight: number): { vector: number; text: number } {
  const w = Math.min(1, Math.max(0, hybridWeight));
  return { vector: 1 - w, text: w };
}
