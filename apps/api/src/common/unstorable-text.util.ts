import type { ErrorDetail } from '@agenthub/contracts';

/**
 * PostgreSQL cannot store U+0000 in text nor in jsonb, and jsonb rejects unpaired UTF-16
 * surrogates; both would surface as a 500 from the driver. Request input is screened for them
 * once, in the validation pipe, so every route answers 400 with the offending field's path.
 */
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper structures than this are left to the schema (which rejects them as the wrong shape). */
const MAX_DEPTH = 64;
const MAX_DETAILS = 20;

export const UNSTORABLE_TEXT_CODE = 'unstorable_text';

/** Paths (joined with `.`) of every string, or object key, holding NUL or a lone surrogate. */
export function findUnstorableText(value: unknown, prefix: readonly string[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const visit = (v: unknown, path: string[], depth: number): void => {
    if (details.length >= MAX_DETAILS || depth > MAX_DEPTH) return;
    if (typeof v === 'string') {
      if (UNSTORABLE.test(v))
        details.push({
          path: path.join('.'),
          code: UNSTORABLE_TEXT_CODE,
          message: 'Text may not contain NUL characters or unpaired surrogates',
        });
      return;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => visit(item, [...path, String(i)], depth + 1));
      return;
    }
    if (typeof v === 'object' && v !== null) {
      for (const [key, item] of Object.entries(v)) {
        if (UNSTORABLE.test(key))
          details.push({
            path: [...path, key].join('.'),
            code: UNSTORABLE_TEXT_CODE,
            message: 'Object keys may not contain NUL characters or unpaired surrogates',
          });
        visit(item, [...path, key], depth + 1);
      }
    }
  };
  visit(value, [...prefix], 0);
  return details;
}
