import { type ReviewReason, WORKFLOW_LIMITS, type WorkflowValidationResult } from '@agenthub/contracts';
import { findSecrets, findSecretsInText } from '@agenthub/engine';

export interface ReviewFacts {
  resolvedDefinition: Record<string, unknown> | null;
  systemPrompt: string | null;
  modelParamsOverride: Record<string, unknown>;
  workflowTemplateId: string | null;
  templateVersion: number | null;
  /** Platform + engine validation of the version. */
  validation: WorkflowValidationResult;
  /** Null when the template the version was built from no longer exists. */
  template: { version: number; status: string } | null;
  /** Service configs other users of the published agent could not use (`not_found`, `personal_config`). */
  unusableConfigs: Array<{ ref: string; problem: string }>;
  /** MCP servers other users could not use (`not_found`, `personal_server`). */
  unusableServers: Array<{ ref: string; problem: string }>;
}

/**
 * The automatic review: every reason a version must not go live, all at once. An empty list
 * means the version passed (an admin may still be required to approve it).
 */
export function reviewReasons(facts: ReviewFacts): ReviewReason[] {
  const reasons: ReviewReason[] = [];

  // Binding problems are reported once, below, from the integration module's own rules.
  const covered = new Set(['service_not_found', 'personal_service_config', 'mcp_server_not_found']);
  for (const issue of facts.validation.issues.filter((i) => i.severity === 'error' && !covered.has(i.code))) {
    reasons.push({ code: 'workflow_invalid', message: `${issue.code}: ${issue.message}`, path: issue.path });
  }

  if (facts.workflowTemplateId) {
    if (!facts.template) {
      reasons.push({
        code: 'template_missing',
        message: 'The workflow template this version was built from no longer exists',
        path: 'workflowTemplateId',
      });
    } else if (facts.templateVersion !== null && facts.templateVersion > facts.template.version) {
      reasons.push({
        code: 'template_incompatible',
        message: `The snapshot is of template version ${facts.templateVersion}, newer than the template's ${facts.template.version}`,
        path: 'templateVersion',
      });
    }
  }

  for (const u of facts.unusableConfigs) {
    reasons.push(
      u.problem === 'not_found'
        ? {
            code: 'service_not_found',
            message: `Service config ${u.ref} does not exist`,
            path: 'serviceDependencies',
          }
        : {
            code: 'personal_service_config',
            message: `Service config ${u.ref} is a developer's personal config; other users of the agent could not use it`,
            path: 'serviceDependencies',
          },
    );
  }
  for (const u of facts.unusableServers) {
    reasons.push(
      u.problem === 'not_found'
        ? {
            code: 'mcp_server_not_found',
            message: `No MCP server "${u.ref}" is registered`,
            path: 'toolDependencies',
          }
        : {
            code: 'personal_mcp_server',
            message: `MCP server "${u.ref}" is a developer's personal server; other users of the agent could not use it`,
            path: 'toolDependencies',
          },
    );
  }

  const secrets = [
    ...(facts.systemPrompt ? findSecretsInText(facts.systemPrompt, 'systemPrompt') : []),
    ...findSecrets(facts.resolvedDefinition, 'definition'),
    ...findSecrets(facts.modelParamsOverride, 'modelParamsOverride'),
  ];
  for (const s of secrets) {
    reasons.push({
      code: 'secret_in_content',
      // Only the masked preview: the review reasons are shown to the developer and admins.
      message: `Looks like a credential (${s.kind}, ${s.preview}); store secrets in a service config instead`,
      path: s.path,
    });
  }

  const bytes = Buffer.byteLength(JSON.stringify(facts.resolvedDefinition ?? null), 'utf8');
  const nodes = (facts.resolvedDefinition?.nodes as unknown[] | undefined)?.length ?? 0;
  if (bytes > WORKFLOW_LIMITS.maxDefinitionBytes || nodes > WORKFLOW_LIMITS.maxNodes) {
    reasons.push({
      code: 'definition_too_large',
      message: `The workflow exceeds the limits (${WORKFLOW_LIMITS.maxNodes} nodes, ${WORKFLOW_LIMITS.maxDefinitionBytes / 1024} KB)`,
      path: 'definition',
    });
  }
  return reasons;
}
