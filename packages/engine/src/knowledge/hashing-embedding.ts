/**
 * The offline demo embedding: feature hashing of words (the "hashing trick"). Deterministic, no
 * model and no network, so a fresh install can ingest and retrieve; it matches shared words, not
 * meaning. Latin-script words are lower-cased; Han/Kana/Hangul text counts each character and
 * each pair of neighbours as a feature, since those scripts do not separate words with spaces.
 */
export const HASHING_EMBEDDING_DIMENSIONS = 512;

const WORD = /[\p{L}\p{N}]+/gu;
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/**
 * True when `text` has Han, Kana or Hangul: scripts written without spaces between words, which
 * neither this embedding's word split nor Postgres full-text search segments.
 */
export function containsCjk(text: string): boolean {
  return CJK.test(text);
}

function features(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(WORD)) {
    const word = match[0];
    if (!CJK.test(word)) {
      out.push(word);
      continue;
    }
    const chars = [...word];
    for (let i = 0; i < chars.length; i++) {
      out.push(chars[i]);
      if (i + 1 < chars.length) out.push(chars[i] + chars[i + 1]);
    }
  }
  return out;
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** L2-normalised vector (all zeros for text without words); cosine = dot product. */
export function hashingEmbedding(text: string, dimensions = HASHING_EMBEDDING_DIMENSIONS): number[] {
  const counts = new Map<string, number>();
  for (const f of features(text)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const v = new Array<number>(dimensions).fill(0);
  for (const [feature, count] of counts) {
    const h = fnv1a(feature);
    // The top bit picks the sign so colliding features tend to cancel rather than add up.
    v[h % dimensions] += (h & 0x80000000 ? -1 : 1) * (1 + Math.log(count));
  }
  const norm = Math.hypot(...v);
  return norm === 0 ? v : v.map((x) => x / norm);
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
