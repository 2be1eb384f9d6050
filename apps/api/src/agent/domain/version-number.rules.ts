import { AgentErrorCodes } from '@agenthub/contracts';
import semver from 'semver';
import { DomainError } from '../../common/domain-error.js';

/**
 * A new version must be valid semver (no `v` prefix, no build metadata ranges) and greater than
 * every earlier version of the agent, rejected ones included, so a number is never reused.
 */
export function assertNextVersion(candidate: string, existing: readonly string[]): string {
  const parsed = semver.valid(candidate);
  if (!parsed || candidate !== parsed) {
    throw new DomainError(
      400,
      AgentErrorCodes.invalidVersion,
      `"${candidate}" is not a semantic version such as 1.0.0`,
      [
        {
          path: 'body.version',
          code: AgentErrorCodes.invalidVersion,
          message: 'Expected MAJOR.MINOR.PATCH, e.g. 1.0.0',
        },
      ],
    );
  }
  const highest = highestVersion(existing);
  if (highest && !semver.gt(parsed, highest)) {
    throw new DomainError(409, AgentErrorCodes.versionNotGreater, `Version must be greater than ${highest}`, [
      {
        path: 'body.version',
        code: AgentErrorCodes.versionNotGreater,
        message: `Must be greater than ${highest}`,
      },
    ]);
  }
  return parsed;
}

export function highestVersion(versions: readonly string[]): string | null {
  const valid = versions.filter((v) => semver.valid(v));
  return valid.length ? semver.rsort([...valid])[0]! : null;
}

/** Newest first by semver (what version lists show). */
export function compareVersionsDesc(a: string, b: string): number {
  return semver.rcompare(a, b);
}
