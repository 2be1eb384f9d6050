import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import { AgentErrorCodes, type WorkflowDefinition, type WorkflowIssue } from '@agenthub/contracts';
import { isApiError } from '@/api/api-error';
import { agentDraftTarget, type DraftSnapshot, type DraftTarget } from './draft-target';
import { createHistory } from './history';
import { applyOperation, emptyDefinition, type WorkflowOperation } from './workflow-operations';

export type SaveState = 'idle' | 'saved' | 'saving' | 'failed' | 'conflict';

/** Wait after the last change before the draft is saved (and so re-validated). */
export const AUTOSAVE_DELAY_MS = 800;

/**
 * The workflow being edited, for one save target at a time (`DraftTarget`: an agent's draft or a
 * workflow template). Every change is one `apply(operation)`: it is recorded for undo/redo, then
 * (autosave targets) saved after a pause with `If-Match` of the draft revision, or (templates)
 * only re-validated after the pause and saved by `save()`. The save answers with the
 * validation, which is the problems list. A draft saved elsewhere meanwhile (another tab, the
 * Overview tab) answers 412: the store then holds a conflict until it is resolved with "reload
 * theirs" or "overwrite with mine".
 */
export const useWorkflowDraftStore = defineStore('workflow-draft', () => {
  const target = shallowRef<DraftTarget | null>(null);
  /** The agent whose draft is open (null when none is, or a template is). */
  const agentId = computed(() => (target.value?.kind === 'agent' ? target.value.id : null));
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

  function adopt(snapshot: DraftSnapshot) {
    agentName.value = snapshot.name;
    definition.value = snapshot.definition;
    revision.value = snapshot.revision;
  }

  async function validate() {
    const current = target.value;
    if (!current || !definition.value.nodes.length) return;
    try {
      const found = await current.validate(definition.value);
      if (target.value === current) issues.value = found;
    } catch {
      /* the list keeps its last answer */
    }
  }

  /** Opens a save target: an agent id (its draft) or any `DraftTarget`. */
  async function load(to: string | DraftTarget) {
    clearTimer();
    const next = typeof to === 'string' ? agentDraftTarget(to) : to;
    target.value = next;
    loading.value = true;
    loadError.value = null;
    try {
      adopt(await next.load());
      if (target.value !== next) return;
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
    if (!target.value?.autosave) {
      // Saved on request; the problems list follows the edits meanwhile.
      saveState.value = 'idle';
      clearTimer();
      timer = setTimeout(() => {
        timer = undefined;
        void validate();
      }, AUTOSAVE_DELAY_MS);
      return;
    }
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

  /** A change the target saves with the workflow (a template's parameter schema): save or re-validate it. */
  function touch() {
    schedule();
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
    const current = target.value;
    if (!current) return;
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
      const result = await current.save(sent, revision.value);
      if (target.value !== current) return;
      revision.value = result.revision;
      issues.value = result.issues;
      saveState.value = pending.value && current.autosave ? 'saving' : 'saved';
    } catch (err) {
      if (target.value !== current) return;
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
    if (pending.value && saveState.value === 'saving' && target.value?.autosave) await save();
  }

  /** Saves whatever is waiting for the autosave pause (before leaving the page or tab). */
  async function flush(): Promise<void> {
    if (target.value?.autosave && (timer || inFlight)) await save();
  }

  /** Conflict: drop the local changes and load the stored draft. */
  async function reloadTheirs() {
    if (target.value) await load(target.value);
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
    const current = target.value;
    if (!current || saveState.value === 'conflict') return;
    await flush();
    try {
      const stored = await current.load();
      if (target.value !== current || stored.revision === revision.value || pending.value) return;
      agentName.value = stored.name;
      const theirs = stored.definition;
      revision.value = stored.revision;
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
    target.value = null;
    definition.value = emptyDefinition();
    revision.value = undefined;
    issues.value = [];
    history.clear();
    pending.value = false;
    saveState.value = 'idle';
  }

  return {
    target,
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
    touch,
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
