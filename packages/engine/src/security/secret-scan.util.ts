/**
 * Finds strings that look like credentials in what a published agent exposes (prompts, node
 * configs, model parameters). A published version is readable by its users' runs and by
 * reviewers, so a pasted API key there leaks it; secrets belong in service configs, which are
 * encrypted and never returned.
 */
export interface SecretFinding {
  /** Dot path of the string, e.g. `definition.nodes.2.config.system`. */
  path: string;
  kind: string;
  /** The match with all but its first 4 characters masked, safe to show and log. */
  preview: string;
}

const PATTERNS: Array<{ kind: string; re: RegExp }> = [
  { kind: 'private_key', re: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { kind: 'openai_key', re: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/ },
  { kind: 'aws_access_key', re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'github_token', re: /\b(?:ghp|gho|ghu|ghs|ghr|github_pat)_[A-Za-z0-9_]{30,}/ },
  { kind: 'slack_token', re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { kind: 'google_api_key', re: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/ },
  { kind: 'bearer_token', re: /\bBearer\s+[A-Za-z0-9._~+/-]{20,}=*/ },
];

/** Long, dense, mixed-alphabet runs with high entropy (e.g. a random 40-char token). */
const TOKEN_CANDIDATE = /[A-Za-z0-9+/_=-]{32,}/g;
const MIN_ENTROPY_BITS_PER_CHAR = 4.0;

export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function looksLikeRandomToken(candidate: string): boolean {
  // Identifiers, paths and prose-like runs are low entropy or single-class; random tokens mix
  // upper, lower and digits densely.
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((re) => re.test(candidate)).length;
  if (classes < 3) return false;
  if (/^[0-9a-f-]{36}$/i.test(candidate)) return false; // a UUID is an id, not a secret
  return shannonEntropy(candidate) >= MIN_ENTROPY_BITS_PER_CHAR;
}

function mask(match: string): string {
  return `${match.slice(0, 4)}${'•'.repeat(Math.min(8, Math.max(0, match.length - 4)))}`;
}

export function findSecretsInText(text: string, path: string): SecretFinding[] {
  for (const { kind, re } of PATTERNS) {
    const m = re.exec(text);
    if (m) return [{ path, kind, preview: mask(m[0]) }];
  }
  for (const m of text.matchAll(TOKEN_CANDIDATE)) {
    if (looksLikeRandomToken(m[0])) return [{ path, kind: 'high_entropy_token', preview: mask(m[0]) }];
  }
  return [];
}

/** Walks every string in `value` (keys excluded), reporting at most one finding per string. */
export function findSecrets(value: unknown, path: string): SecretFinding[] {
  const out: SecretFinding[] = [];
  const visit = (v: unknown, p: string): void => {
    if (typeof v === 'string') out.push(...findSecretsInText(v, p));
    else if (Array.isArray(v)) v.forEach((item, i) => visit(item, `${p}.${i}`));
    else if (v && typeof v === 'object')
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) visit(child, `${p}.${k}`);
  };
  visit(value, path);
  return out;
}
