import { AgentErrorCodes, type AgentStatus, type ReviewStatus } from '@agenthub/contracts';
import { DomainError } from '../../common/domain-error.js';

/**
 * The version lifecycle: draft → pending_review → published | rejected, published → deprecated
 * (retired by its developer; only a version the agent no longer serves). Submitted versions never
 * go back to draft (edits happen on a new draft copied from them), so what a reviewer approved is
 * exactly what chats run.
 */
export type VersionEvent = 'submit' | 'approve' | 'reject' | 'deprecate';

const VERSION_TRANSITIONS: Record<ReviewStatus, Partial<Record<VersionEvent, ReviewStatus>>> = {
  draft: { submit: 'pending_review' },
  pending_review: { approve: 'published', reject: 'rejected' },
  published: { deprecate: 'deprecated' },
  rejected: {},
  deprecated: {},
};

const PAST: Record<VersionEvent, string> = {
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  deprecate: 'deprecated',
};

/** The status after `event`, or null when the event is not allowed from `from`. */
export function nextVersionStatus(from: ReviewStatus, event: VersionEvent): ReviewStatus | null {
  return VERSION_TRANSITIONS[from][event] ?? null;
}

/** Like nextVersionStatus, but a forbidden transition is a 409 the client can act on. */
export function transitionVersion(from: ReviewStatus, event: VersionEvent): ReviewStatus {
  const to = nextVersionStatus(from, event);
  if (!to) {
    throw DomainError.conflict(
      AgentErrorCodes.invalidTransition,
      `A ${from.replace('_', ' ')} version cannot be ${PAST[event]}`,
    );
  }
  return to;
}

/** Only the draft holds editable content; anything submitted is frozen. */
export function assertVersionEditable(status: ReviewStatus): void {
  if (status !== 'draft') {
    throw DomainError.conflict(
      AgentErrorCodes.versionImmutable,
      'Only the draft can be changed; submitted and published versions are immutable',
    );
  }
}

export type AgentEvent = 'archive' | 'unarchive';

/** Archiving hides an agent from the store; it is allowed in any state and undone by unarchive. */
export function assertAgentTransition(archived: boolean, event: AgentEvent): void {
  if (event === 'archive' && archived)
    throw DomainError.conflict(AgentErrorCodes.invalidTransition, 'The agent is already archived');
  if (event === 'unarchive' && !archived)
    throw DomainError.conflict(AgentErrorCodes.invalidTransition, 'The agent is not archived');
}

export interface AgentStatusFacts {
  archived: boolean;
  /** The agent has a live (published) version. */
  hasPublishedVersion: boolean;
  /** Review status of the most recently submitted version, if any. */
  latestSubmittedStatus: ReviewStatus | null;
}

/**
 * The agent's status is derived, never stored independently: it is listed in the store exactly
 * when it has a published version and is not archived. A pending or rejected newer version does
 * not take a published agent off the store.
 */
export function deriveAgentStatus(facts: AgentStatusFacts): AgentStatus {
  if (facts.archived) return 'archived';
  if (facts.hasPublishedVersion) return 'published';
  if (facts.latestSubmittedStatus === 'pending_review') return 'pending_review';
  if (facts.latestSubmittedStatus === 'rejected') return 'rejected';
  return 'draft';
}
