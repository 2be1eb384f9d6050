import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import {
  AgentErrorCodes,
  workflowDefinitionSchema,
  type AgentDetail,
  type WorkflowDefinition,
  type WorkflowIssue,
} from '@agenthub/contracts';
import { agentsApi } from '@/api/agents.api';
import { isApiError } from '@/api/api-error';
import { createHistory } from './history';
import { applyOperation, emptyDefinition, type WorkflowOperation } from './workflow-operations';

export type SaveState = 'idle' | 'saved' | 'saving' | 'failed' | 'conflict';

/** Wait after the last change before the draft is saved (and so re-validated). */
export const AUTOSAVE_DELAY_MS = 800;

/** The draft's workflow as the editor holds it: stored inline, or the template it was made from. */
export function draftDefinition(agent: AgentDetail): WorkflowDefinition {
  const raw = agent.draft?.workflowDefinition ?? agent.draft?.resolvedDefinition;
  if (!raw) return emptyDefinition();
  const parsed = workflowDefinitionSchema.safeParse(raw);
  return parsed.success ? parsed.data : ({ ...emptyDefinition(), ...raw } as WorkflowDefinition);
}

/**
 * The workflow draft being edited. Every change is one `apply(operation)`: it is recorded for
 * undo/redo, then saved after a pause with `If-Match` of the draft revision. The save answers
 * with the draft's validation, which is the problems list. A draft saved elsewhere meanwhile
 * (another tab, the Overview tab) answers 412: the store then holds a conflict until it is
 * resolved with "reload theirs" or "overwrite with mine".
 */
export const useWorkflowDraftStore = defineStore('workflow-draft', () => {
  const agentId = ref<string | null>(null);
  const agentName = ref('');
  const definition = shallowRef<WorkflowDefinition>(emptyDefinition());
  const revision = ref<string | undefined>();
  const loading = ref(false);
  const loadError = ref<unknown>(null);
  const saveState = ref<SaveState>('idle');
  const saveError = ref<string | null>(null);
  /** The revision stored on the server when a save was refused as stale. */
  const conflictRevision = ref<string | null>(null);
  const issues = ref<WorkflowIssue[]>([]);
  const historyVersion = ref(0);
  const history = createHistory<WorkflowDefinition>();
  /** Local changes not yet sent. */
  const pending = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inFlight: Promise<void> | null = null;

  const canUndo = computed(() => historyVersion.value >= 0 && history.canUndo);
  const canRedo = computed(() => historyVersion.value >= 0 && history.canRedo);

  function adopt(agent: AgentDetail) {
    agentName.value = agent.name;
    definition.value = draftDefinition(agent);
    revision.value = agent.draft?.revision;
  }

  async function validate() {
    if (!agentId.value || !definition.value.nodes.length) return;
    try {
      issues.value = (await agentsApi.validateWorkflow(agentId.value)).issues;
    } catch {
      /* the list keeps its last answer */
    }
  }

  async function load(id: string) {
    clearTimer();
    agentId.value = id;
    loading.value = true;
    loadError.value = null;
    try {
      adopt(await agentsApi.get(id));
      history.clear();
      historyVersion.value++;
      pending.value = false;
      saveState.value = 'idle';
      conflictRevision.value = null;
      issues.value = [];
      void validate();
    } catch (err) {
      loadError.value = err;
    } finally {
      loading.value = false;
    }
  }

  function clearTimer() {
    if (timer) clearTimeout(timer);
    timer = undefined;
  }

  function schedule() {
    pending.value = true;
    if (saveState.value === 'conflict') return;
    // Waiting changes read as "saving": the indicator never says "saved" over unsent work.
    saveState.value = 'saving';
    clearTimer();
    timer = setTimeout(() => void save(), AUTOSAVE_DELAY_MS);
  }

  function setDefinition(next: WorkflowDefinition, options: { save?: boolean } = {}) {
    definition.value = next;
    if (options.save !== false) schedule();
  }

  /**
   * Applies one operation; returns the ids of the nodes it created. `record: false` for changes
   * that are not the user's (the first auto-layout); `save: false` to keep them local until the
   * next real change.
   */
  function apply(op: WorkflowOperation, options: { record?: boolean; save?: boolean } = {}): string[] {
    const before = definition.value;
    const { definition: after, created } = applyOperation(before, op);
    if (JSON.stringify(after) === JSON.stringify(before)) return created;
    if (options.record !== false) {
      history.push(before);
      historyVersion.value++;
    }
    setDefinition(after, options);
    return created;
  }

  function undo() {
    const previous = history.undo(definition.value);
    if (!previous) return;
    historyVersion.value++;
    setDefinition(previous);
  }

  function redo() {
    const next = history.redo(definition.value);
    if (!next) return;
    historyVersion.value++;
    setDefinition(next);
  }

  async function send(): Promise<void> {
    const id = agentId.value;
    if (!id) return;
    if (!definition.value.nodes.length) {
      // The API refuses a workflow without nodes; it is kept locally until one is added.
      pending.value = false;
      saveState.value = 'idle';
      return;
    }
    const sent = definition.value;
    pending.value = false;
    saveState.value = 'saving';
    saveError.value = null;
    try {
      const result = await agentsApi.saveWorkflow(id, sent, revision.value);
      if (agentId.value !== id) return;
      revision.value = result.draft.revision;
      issues.value = result.validation.issues;
      saveState.value = pending.value ? 'saving' : 'saved';
    } catch (err) {
      if (agentId.value !== id) return;
      pending.value = true;
      if (isApiError(err) && err.status === 412 && err.code === AgentErrorCodes.draftRevisionStale) {
        saveState.value = 'conflict';
        conflictRevision.value = err.details[0]?.message ?? null;
      } else {
        saveState.value = 'failed';
        saveError.value = err instanceof Error ? err.message : String(err);
      }
    }
  }

  /** Saves now (waiting for a save under way first); changes made meanwhile are saved after. */
  async function save(): Promise<void> {
    clearTimer();
    while (inFlight) await inFlight;
    if (!pending.value || saveState.value === 'conflict') return;
    inFlight = send().finally(() => (inFlight = null));
    await inFlight;
    if (pending.value && saveState.value === 'saving') await save();
  }

  /** Saves whatever is waiting for the autosave pause (before leaving the page or tab). */
  async function flush(): Promise<void> {
    if (timer || inFlight) await save();
  }

  /** Conflict: drop the local changes and load the stored draft. */
  async function reloadTheirs() {
    if (agentId.value) await load(agentId.value);
  }

  /** Conflict: save the local draft over the stored one. */
  async function overwriteWithMine() {
    if (conflictRevision.value) revision.value = conflictRevision.value;
    conflictRevision.value = null;
    saveState.value = 'idle';
    pending.value = true;
    await save();
  }

  /**
   * Re-reads the draft revision (the tab was shown again; the Overview tab's save bumps it). The
   * same workflow only takes the new revision; a different one with no local changes is loaded;
   * with local changes the next save meets the conflict.
   */
  async function refreshRevision() {
    const id = agentId.value;
    if (!id || saveState.value === 'conflict') return;
    await flush();
    try {
      const agent = await agentsApi.get(id);
      if (agentId.value !== id || agent.draft?.revision === revision.value || pending.value) return;
      agentName.value = agent.name;
      const theirs = draftDefinition(agent);
      revision.value = agent.draft?.revision;
      if (JSON.stringify(theirs) !== JSON.stringify(definition.value)) {
        history.push(definition.value);
        historyVersion.value++;
        definition.value = theirs;
        void validate();
      }
    } catch {
      /* stays as it is; the next save finds out */
    }
  }

  function reset() {
    clearTimer();
    agentId.value = null;
    definition.value = emptyDefinition();
    revision.value = undefined;
    issues.value = [];
    history.clear();
    pending.value = false;
    saveState.value = 'idle';
  }

  return {
    agentId,
    agentName,
    definition,
    revision,
    loading,
    loadError,
    saveState,
    saveError,
    conflictRevision,
    issues,
    pending,
    canUndo,
    canRedo,
    load,
    apply,
    undo,
    redo,
    save,
    flush,
    validate,
    reloadTheirs,
    overwriteWithMine,
    refreshRevision,
    reset,
  };
});
