import { AgentErrorCodes } from '@agenthub/contracts';
import { DomainError } from '../../common/domain-error.js';

/** A version row's revision as the API shows it: `<version id>.<save counter>`. */
export function draftRevision(version: { id: string; revision: number }): string {
  return `${version.id}.${version.revision}`;
}

/** A revision as a strong entity tag (the `ETag` header value). */
export function etagOf(revision: string): string {
  return `"${revision}"`;
}

export function draftEtag(version: { id: string; revision: number }): string {
  return etagOf(draftRevision(version));
}

/** The entity tags of an `If-Match` header (`*`, or a list; weak `W/` tags compare by value). */
export function parseIfMatch(header: string): string[] {
  return header
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((t) => (t === '*' ? t : t.replace(/^W\//, '').replace(/^"(.*)"$/, '$1')));
}

/**
 * Optimistic concurrency for the draft: without `If-Match` a save always applies (the API's
 * behaviour before ETags); with one, it applies only if it names the stored revision (or `*`).
 * Otherwise 412 with the current revision in the details and the `ETag` header.
 */
export function assertDraftFresh(
  ifMatch: string | undefined,
  current: { id: string; revision: number },
): void {
  if (ifMatch === undefined || ifMatch.trim() === '') return;
  const tags = parseIfMatch(ifMatch);
  const revision = draftRevision(current);
  if (tags.includes('*') || tags.includes(revision)) return;
  throw new DomainError(
    412,
    AgentErrorCodes.draftRevisionStale,
    'The draft was changed elsewhere since you loaded it',
    [{ path: 'headers.if-match', code: AgentErrorCodes.draftRevisionStale, message: revision }],
    { ETag: draftEtag(current) },
  );
}
