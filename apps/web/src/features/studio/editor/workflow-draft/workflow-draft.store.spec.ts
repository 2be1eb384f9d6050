import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { AgentDetail, WorkflowDefinition } from '@agenthub/contracts';
import { ApiError } from '@/api/api-error';
import { agentsApi } from '@/api/agents.api';
import { AUTOSAVE_DELAY_MS, useWorkflowDraftStore } from './workflow-draft.store';

vi.mock('@/api/agents.api', () => ({
  agentsApi: { get: vi.fn(), saveWorkflow: vi.fn(), validateWorkflow: vi.fn() },
}));
const api = vi.mocked(agentsApi);

const DEFINITION: WorkflowDefinition = {
  schemaVersion: 1,
  entry: 'a',
  variables: {},
  nodes: [{ id: 'a', type: 'llm', config: {}, position: { x: 0, y: 0 } }],
  edges: [{ from: 'a', to: '__end__' }],
};
const agent = (revision: string, definition: WorkflowDefinition = DEFINITION) =>
  ({
    id: 'ag',
    name: 'Agent',
    draft: { revision, workflowDefinition: definition },
  }) as unknown as AgentDetail;
const saved = (revision: string) =>
  ({ draft: { revision }, validation: { valid: true, issues: [] } }) as never;
const stale = (current: string) =>
  new ApiError({
    status: 412,
    code: 'draft_revision_stale',
    message: 'stale',
    details: [{ path: 'headers.if-match', code: 'draft_revision_stale', message: current }],
  });

describe('workflow draft store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    vi.resetAllMocks();
    api.validateWorkflow.mockResolvedValue({ valid: false, issues: [] });
  });
  afterEach(() => vi.useRealTimers());

  async function loaded() {
    api.get.mockResolvedValueOnce(agent('r1'));
    const store = useWorkflowDraftStore();
    await store.load('ag');
    return store;
  }

  it('saves once after a pause, with If-Match of the loaded revision, and takes the new one', async () => {
    const store = await loaded();
    api.saveWorkflow.mockResolvedValue(saved('r2'));
    store.apply({ kind: 'addNode', type: 'answer' });
    store.apply({ kind: 'setEntry', id: 'answer' });
    expect(store.saveState).toBe('saving');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(api.saveWorkflow).toHaveBeenCalledTimes(1);
    expect(api.saveWorkflow.mock.calls[0]![1].entry).toBe('answer');
    expect(api.saveWorkflow.mock.calls[0]![2]).toBe('r1');
    expect(store.revision).toBe('r2');
    expect(store.saveState).toBe('saved');
  });

  it('undo and redo go through the same autosave', async () => {
    const store = await loaded();
    api.saveWorkflow.mockResolvedValue(saved('r2'));
    store.apply({ kind: 'addNode', type: 'answer' });
    store.undo();
    expect(store.definition.nodes).toHaveLength(1);
    expect(store.canRedo).toBe(true);
    store.redo();
    expect(store.definition.nodes).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(api.saveWorkflow).toHaveBeenCalledTimes(1);
  });

  it('a stale revision is a conflict; "overwrite with mine" re-saves with the current revision', async () => {
    const store = await loaded();
    api.saveWorkflow.mockRejectedValueOnce(stale('r5')).mockResolvedValueOnce(saved('r6'));
    store.apply({ kind: 'addNode', type: 'answer' });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(store.saveState).toBe('conflict');
    expect(store.conflictRevision).toBe('r5');
    // No autosave while the conflict is open.
    store.apply({ kind: 'addNode', type: 'code' });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 2);
    expect(api.saveWorkflow).toHaveBeenCalledTimes(1);
    await store.overwriteWithMine();
    expect(api.saveWorkflow.mock.calls[1]![2]).toBe('r5');
    expect(api.saveWorkflow.mock.calls[1]![1].nodes.map((n) => n.id)).toEqual(['a', 'answer', 'code']);
    expect(store.saveState).toBe('saved');
  });

  it('"reload theirs" drops the local changes and loads the stored draft', async () => {
    const store = await loaded();
    api.saveWorkflow.mockRejectedValueOnce(stale('r5'));
    store.apply({ kind: 'addNode', type: 'answer' });
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    const theirs = { ...DEFINITION, nodes: [...DEFINITION.nodes, { id: 'b', type: 'code', config: {} }] };
    api.get.mockResolvedValueOnce(agent('r5', theirs));
    await store.reloadTheirs();
    expect(store.definition.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(store.revision).toBe('r5');
    expect(store.saveState).toBe('idle');
    expect(store.canUndo).toBe(false);
  });

  it('flush saves at once what waits for the pause', async () => {
    const store = await loaded();
    api.saveWorkflow.mockResolvedValue(saved('r2'));
    store.apply({ kind: 'addNode', type: 'answer' });
    await store.flush();
    expect(api.saveWorkflow).toHaveBeenCalledTimes(1);
    expect(store.pending).toBe(false);
  });

  it('a changed revision with the same workflow (the Overview saved) is only taken over', async () => {
    const store = await loaded();
    api.get.mockResolvedValueOnce(agent('r9'));
    await store.refreshRevision();
    expect(store.revision).toBe('r9');
    expect(store.canUndo).toBe(false);
    api.get.mockResolvedValueOnce(agent('r10', { ...DEFINITION, entry: 'a', nodes: [] }));
    await store.refreshRevision();
    expect(store.definition.nodes).toEqual([]);
    expect(store.canUndo).toBe(true);
  });
});
