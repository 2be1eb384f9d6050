import type { RatingSummary, StoreSort } from '@agenthub/contracts';

/**
 * Pure store rules: sort resolution, the Bayesian rating, who may rate. (The category tree with
 * counts is the agent module's `buildCategoryTree`.) No Nest or TypeORM here, so they are unit-tested in milliseconds.
 */

/** C in (C·m + Σscores) / (C + n): how many "average" votes every agent starts with. */
export const BAYES_PRIOR_WEIGHT = 5;
/** The prior mean when nobody rated anything yet (middle of the 1–5 scale). */
export const DEFAULT_GLOBAL_MEAN = 3;
/** pg_trgm word_similarity needed for a typo match ("custmer" ~ "customer" is 0.55). */
export const TYPO_SIMILARITY_THRESHOLD = 0.45;

export interface TextSearchPlan {
  /** English full-text arm (stemming); off for CJK, which Postgres FTS does not segment. */
  fts: boolean;
  /** Typo arm (pg_trgm word similarity): needs a few Latin characters to mean anything. */
  typo: boolean;
  /**
   * Substring arm: `indexed` through the trigram indexes (3+ characters), `scan` as one pass over
   * the raw columns (trigram indexes cannot serve 1–2 characters), or off.
   */
  substring: 'indexed' | 'scan' | 'off';
  /** Word-prefix arm through the FTS index, for 1–2 Latin letters/digits ("ai" → "AI helper"). */
  wordPrefix: string | null;
  /** The query has no letter case (e.g. only Chinese): LIKE, which is much cheaper than ILIKE. */
  caseless: boolean;
}

/** Han, kana, Hangul: scripts that Postgres FTS does not segment into words. */
const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]/u;

/**
 * How a text query is matched. Chinese (and other CJK) is substring-only; English gets stemming
 * and, from 4 characters, typo tolerance, plus substring; 1–2 Latin characters match word
 * prefixes, since as substrings they would hit most of the store ("ai" in "email").
 */
export function planTextSearch(q: string): TextSearchPlan {
  const length = [...q].length;
  const caseless = q.toLowerCase() === q.toUpperCase();
  if (CJK.test(q))
    return {
      fts: false,
      typo: false,
      substring: length >= 3 ? 'indexed' : 'scan',
      wordPrefix: null,
      caseless,
    };
  if (length >= 3) return { fts: true, typo: length >= 4, substring: 'indexed', wordPrefix: null, caseless };
  if (/^[\p{L}\p{N}]+$/u.test(q))
    return { fts: false, typo: false, substring: 'off', wordPrefix: q.toLowerCase(), caseless };
  return { fts: false, typo: false, substring: 'scan', wordPrefix: null, caseless };
}

/** Relevance only makes sense with a search; without one the store shows popular agents. */
export function resolveSort(sort: StoreSort | undefined, q: string | undefined): StoreSort {
  if (!q) return sort && sort !== 'relevance' ? sort : 'popular';
  return sort ?? 'relevance';
}

/**
 * Bayesian average: an agent with one 5-star vote scores close to the global mean, one with
 * hundreds of 4.8s scores close to 4.8 — so `sort=rating` is not topped by a single vote.
 */
export function bayesianScore(
  average: number,
  count: number,
  globalMean: number,
  priorWeight = BAYES_PRIOR_WEIGHT,
): number {
  return (priorWeight * globalMean + average * count) / (priorWeight + count);
}

/** Tag filters compare lower-cased (against `store_tags_lower(tags)`), so `FAQ` finds `faq`. */
export function normaliseTags(tags: readonly string[] | undefined): string[] | undefined {
  if (!tags?.length) return undefined;
  return [...new Set(tags.map((t) => t.toLowerCase()))];
}

export interface RatingFacts {
  isOwner: boolean;
  installed: boolean;
  used: boolean;
}

/**
 * Ratings come from people who tried the agent: installed it or used it (chat, API). Its
 * developer is excluded, so nobody can boost their own agent.
 */
export function ratingRefusal(facts: RatingFacts): string | null {
  if (facts.isOwner) return 'Developers cannot rate their own agent';
  if (!facts.installed && !facts.used) return 'Install or use the agent before rating it';
  return null;
}

/** Counts per score 1–5 (missing scores are 0), their mean (0 when unrated) and total. */
export function summariseRatings(rows: ReadonlyArray<{ score: number; count: number }>): RatingSummary {
  const histogram = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  let count = 0;
  let sum = 0;
  for (const row of rows) {
    const key = String(row.score) as keyof typeof histogram;
    if (!(key in histogram)) continue;
    histogram[key] += row.count;
    count += row.count;
    sum += row.score * row.count;
  }
  return { average: count ? sum / count : 0, count, histogram };
}
