import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { WorkflowTemplate } from '@agenthub/contracts';
import { workflowTemplatesApi } from '@/api/workflow-templates.api';
import {
  AUTOSAVE_DELAY_MS,
  useWorkflowDraftStore,
} from '@/features/studio/editor/workflow-draft/workflow-draft.store';
import { templateDraftTarget } from './template-draft-target';

vi.mock('@/api/workflow-templates.api', () => ({
  workflowTemplatesApi: { get: vi.fn(), update: vi.fn(), validateDraft: vi.fn() },
}));
const api = vi.mocked(workflowTemplatesApi);

const SCHEMA = { type: 'object', properties: { company: { type: 'string', default: 'Acme' } } };
const template = (version: number) =>
  ({
    id: 'tpl',
    name: 'Greeter',
    version,
    status: 'draft',
    parameterSchema: SCHEMA,
    definition: {
      schemaVersion: 1,
      entry: 'a',
      nodes: [
        { id: 'a', type: 'answer', config: { text: 'Hi from {{params.company}}' }, position: { x: 0, y: 0 } },
      ],
      edges: [{ from: 'a', to: '__end__' }],
    },
  }) as unknown as WorkflowTemplate;

describe('the workflow-draft store with a template as its save target', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
    vi.resetAllMocks();
    api.validateDraft.mockResolvedValue({ valid: true, issues: [], parameters: {} });
  });
  afterEach(() => vi.useRealTimers());

  async function opened() {
    const adopted: WorkflowTemplate[] = [];
    api.get.mockResolvedValueOnce(template(1));
    const store = useWorkflowDraftStore();
    await store.load(
      templateDraftTarget('tpl', { parameterSchema: () => SCHEMA, adopt: (t) => adopted.push(t) }),
    );
    return { store, adopted };
  }

  it('loads the template into the one draft store (not an agent)', async () => {
    const { store, adopted } = await opened();
    expect(store.agentId).toBeNull();
    expect(store.target?.kind).toBe('template');
    expect(store.agentName).toBe('Greeter');
    expect(store.definition.nodes.map((n) => n.id)).toEqual(['a']);
    expect(adopted.map((t) => t.version)).toEqual([1]);
  });

  it('does not save edits by itself: it re-validates the unsaved draft with the parameter schema', async () => {
    const { store } = await opened();
    api.validateDraft.mockClear();
    store.apply({ kind: 'addNode', type: 'llm' });
    expect(store.pending).toBe(true);
    expect(store.saveState).toBe('idle');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS * 3);
    expect(api.update).not.toHaveBeenCalled();
    expect(api.validateDraft).toHaveBeenCalledTimes(1);
    const body = api.validateDraft.mock.calls[0]![0];
    expect((body.definition.nodes as unknown[]).length).toBe(2);
    expect(body.parameterSchema).toEqual(SCHEMA);
  });

  it('saves on request as a new version with the parameter schema, and a schema-only change counts', async () => {
    const { store, adopted } = await opened();
    api.update.mockResolvedValue(template(2));
    store.touch();
    expect(store.pending).toBe(true);
    await store.save();
    expect(api.update).toHaveBeenCalledTimes(1);
    expect(api.update.mock.calls[0]![1]).toMatchObject({ parameterSchema: SCHEMA });
    expect(store.pending).toBe(false);
    expect(store.saveState).toBe('saved');
    expect(adopted.map((t) => t.version)).toEqual([1, 2]);
  });

  it('undoes template edits like agent ones', async () => {
    const { store } = await opened();
    store.apply({ kind: 'addNode', type: 'llm' });
    store.undo();
    expect(store.definition.nodes.map((n) => n.id)).toEqual(['a']);
  });
});
