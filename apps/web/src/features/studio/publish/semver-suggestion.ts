import semver from 'semver';
import type { VersionCompare } from '@agenthub/contracts';

/**
 * The version number a publish suggests from the diff against the last published version:
 * removed inputs (run variables) or nodes → major, new nodes → minor, anything else that changed
 * (config, edges, names) → patch. Pure.
 */
export type Bump = 'major' | 'minor' | 'patch';

function variableNames(definition: Record<string, unknown> | null): string[] {
  return Object.keys((definition?.variables as Record<string, unknown> | undefined) ?? {});
}

export function suggestBump(compare: VersionCompare): Bump {
  const { diff } = compare;
  const after = new Set(variableNames(compare.to.definition));
  const inputRemoved = variableNames(compare.from.definition).some((v) => !after.has(v));
  if (inputRemoved || diff.nodesRemoved.length > 0) return 'major';
  if (diff.nodesAdded.length > 0) return 'minor';
  return 'patch';
}

/** `1.2.3` + minor → `1.3.0`. The first version (nothing published yet) is `1.0.0`. */
export function suggestVersion(lastPublished: string | null, bump: Bump): string {
  if (!lastPublished || !semver.valid(lastPublished)) return '1.0.0';
  return semver.inc(lastPublished, bump) ?? '1.0.0';
}

/**
 * The suggestion from the last published version; when a rejected or pending number already
 * took it (numbers are never reused), the same bump from the highest number instead.
 */
export function suggestNext(lastPublished: string | null, bump: Bump, existing: readonly string[]): string {
  const fromPublished = suggestVersion(lastPublished, bump);
  if (!versionProblem(fromPublished, existing)) return fromPublished;
  const highest = semver.rsort(existing.filter((v) => semver.valid(v)))[0] ?? null;
  return suggestVersion(highest, bump);
}

export type VersionProblem = 'required' | 'invalid' | 'notGreater';

/**
 * The same rule the API applies: plain semver (no `v`), greater than every earlier version
 * (rejected ones included). Null when `candidate` may be published.
 */
export function versionProblem(candidate: string, existing: readonly string[]): VersionProblem | null {
  const value = candidate.trim();
  if (!value) return 'required';
  if (semver.valid(value) !== value) return 'invalid';
  if (existing.some((v) => semver.valid(v) && !semver.gt(value, v))) return 'notGreater';
  return null;
}
