import type { AgentDetail, WorkflowDefinition, WorkflowIssue } from '@agenthub/contracts';
import { workflowDefinitionSchema } from '@agenthub/contracts';
import { agentsApi } from '@/api/agents.api';
import { emptyDefinition } from './workflow-operations';

/** What a draft target hands the store when it is (re)loaded. */
export interface DraftSnapshot {
  name: string;
  definition: WorkflowDefinition;
  /** The stored revision, sent back as `If-Match` (targets without conflict detection: none). */
  revision?: string;
}

/**
 * Where the workflow-draft store loads from and saves to: an agent's draft (autosaved, with
 * `If-Match`) or a workflow template (every save is a new version, so it saves when asked).
 */
export interface DraftTarget {
  readonly kind: 'agent' | 'template';
  readonly id: string;
  /** Save after every pause in editing (agents) or only on `save()` (templates). */
  readonly autosave: boolean;
  load(): Promise<DraftSnapshot>;
  /** Stores the definition; answers the new revision and the validation of what was stored. */
  save(
    definition: WorkflowDefinition,
    revision?: string,
  ): Promise<{ revision?: string; issues: WorkflowIssue[] }>;
  /** The problems of the definition as it is now (stored or not, as the target can check it). */
  validate(definition: WorkflowDefinition): Promise<WorkflowIssue[]>;
}

/** A stored workflow (a draft's or a template's) as the editor holds it. */
export function parseDefinition(raw: Record<string, unknown> | null | undefined): WorkflowDefinition {
  if (!raw || !Object.keys(raw).length) return emptyDefinition();
  const parsed = workflowDefinitionSchema.safeParse(raw);
  return parsed.success ? parsed.data : ({ ...emptyDefinition(), ...raw } as WorkflowDefinition);
}

/** The draft's workflow as the editor holds it: stored inline, or the template it was made from. */
export function draftDefinition(agent: AgentDetail): WorkflowDefinition {
  return parseDefinition(agent.draft?.workflowDefinition ?? agent.draft?.resolvedDefinition);
}

/** An agent's workflow draft: autosaved with `If-Match`; the save answers the validation. */
export function agentDraftTarget(id: string): DraftTarget {
  return {
    kind: 'agent',
    id,
    autosave: true,
    async load() {
      const agent = await agentsApi.get(id);
      return { name: agent.name, definition: draftDefinition(agent), revision: agent.draft?.revision };
    },
    async save(definition, revision) {
      const result = await agentsApi.saveWorkflow(id, definition, revision);
      return { revision: result.draft.revision, issues: result.validation.issues };
    },
    // The stored draft is what is checked: with autosave it is the one being edited.
    validate: async () => (await agentsApi.validateWorkflow(id)).issues,
  };
}
