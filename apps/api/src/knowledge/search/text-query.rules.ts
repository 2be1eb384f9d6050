import { containsCjk } from '@agenthub/engine';

/** Most CJK bigrams one query matches on (each is a substring test over the filtered chunks). */
export const MAX_CJK_TERMS = 16;

export interface TextQueryPlan {
  /** `to_tsquery('english', …)` of the Latin words ORed, or null when there are none. */
  tsquery: string | null;
  /** Substrings (character pairs of Han/Kana/Hangul runs) matched with LIKE; ranked by count. */
  substrings: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * How the full-text arm of the hybrid search matches a query. Latin words go to English
 * full-text search, ORed (a question rarely shares every word with the passage; the rank orders by
 * how many and how close). Chinese, Japanese and Korean are not segmented by Postgres FTS, so —
 * as in the store search — they are matched as substrings: the character pairs of each run
 * (a single character alone). Pure.
 */
export function planTextQuery(query: string): TextQueryPlan {
  const words: string[] = [];
  const substrings: string[] = [];
  for (const match of query.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (!containsCjk(word)) {
      words.push(word);
      continue;
    }
    const chars = [...word];
    if (chars.length === 1) substrings.push(word);
    for (let i = 0; i + 1 < chars.length; i++) substrings.push(chars[i] + chars[i + 1]);
  }
  const uniqueWords = [...new Set(words)];
  return {
    tsquery: uniqueWords.length ? uniqueWords.join(' | ') : null,
    substrings: [...new Set(substrings)].slice(0, MAX_CJK_TERMS),
  };
}

/** `s` with LIKE's wildcards escaped (backslash is Postgres' default LIKE escape). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
