import type { ReviewReason, WorkflowDefinition } from '@agenthub/contracts';
import { problemTarget } from '../editor/problems/problem-targets';

/**
 * The automatic review's checks as the Publish tab and the admin queue show them: each of the
 * review reasons (`reviewReasons` codes of the API's review) falls under one check; a check with
 * none passed. Pure.
 */
export const REVIEW_CHECKS = ['validation', 'secrets', 'exposure'] as const;
export type ReviewCheck = (typeof REVIEW_CHECKS)[number];

const CHECK_OF_CODE: Record<string, ReviewCheck> = {
  workflow_invalid: 'validation',
  template_missing: 'validation',
  template_incompatible: 'validation',
  definition_too_large: 'validation',
  service_not_found: 'validation',
  mcp_server_not_found: 'validation',
  secret_in_content: 'secrets',
  personal_service_config: 'exposure',
  personal_mcp_server: 'exposure',
};

export interface CheckFinding {
  reason: ReviewReason;
  /** The node the reason points at, when its path names one. */
  nodeId: string | null;
}

export interface CheckResult {
  check: ReviewCheck;
  passed: boolean;
  findings: CheckFinding[];
}

/** `definition.nodes.2.config.x` (review paths) → node 2's id, through the problems' rule. */
function nodeOf(reason: ReviewReason, definition: WorkflowDefinition | null): string | null {
  if (!definition || !reason.path) return null;
  const path = reason.path.replace(/^definition\./, '');
  const target = problemTarget(
    { path, code: reason.code, message: reason.message, severity: 'error' },
    definition,
  );
  return target && 'nodeId' in target ? target.nodeId : null;
}

/** One result per check; reasons with other codes (an admin's rejection) are not checks. */
export function reviewCheckResults(
  reasons: readonly ReviewReason[],
  definition: WorkflowDefinition | null,
): CheckResult[] {
  return REVIEW_CHECKS.map((check) => {
    const findings = reasons
      .filter((r) => CHECK_OF_CODE[r.code] === check)
      .map((reason) => ({ reason, nodeId: nodeOf(reason, definition) }));
    return { check, passed: findings.length === 0, findings };
  });
}
