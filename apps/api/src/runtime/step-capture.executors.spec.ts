import type { NodeExecutionContext } from '@agenthub/engine';
import { createModelPort } from './model-port.factory';
import { CAPTURING_EXECUTORS, isStepCaptureEvent, STEP_CAPTURE_EVENT } from './step-capture.executors';

function context(overrides: Partial<NodeExecutionContext> = {}) {
  const emitted: Array<{ type: string; data: unknown }> = [];
  const usage: unknown[] = [];
  const ctx = {
    node: { id: 'n1', type: 'template', config: {} },
    config: { template: 'Hi {{input}}' },
    scope: { input: 'Ann', vars: { tone: 'warm' }, nodes: {} },
    emit: (e: { type: string; data: unknown }) => emitted.push(e),
    reportUsage: (u: unknown) => usage.push(u),
    render: (tpl: string) => tpl.replace('{{input}}', 'Ann'),
    ...overrides,
  } as unknown as NodeExecutionContext;
  return { ctx, emitted, usage };
}

describe('CAPTURING_EXECUTORS', () => {
  it("reports the step's input and output through the run's event sink", async () => {
    const { ctx, emitted } = context();
    const result = await CAPTURING_EXECUTORS.template(ctx);
    expect(result.output).toBe('Hi Ann');
    expect(emitted).toEqual([
      {
        type: STEP_CAPTURE_EVENT,
        data: {
          nodeId: 'n1',
          input: { input: 'Ann', vars: { tone: 'warm' }, config: { template: 'Hi {{input}}' } },
          usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
          output: 'Hi Ann',
        },
      },
    ]);
    expect(isStepCaptureEvent(emitted[0])).toBe(true);
  });

  it('still reports the input when the executor throws, and rethrows the same error', async () => {
    const { ctx, emitted } = context({ config: {} });
    const failure = await CAPTURING_EXECUTORS.template(ctx).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect(emitted).toHaveLength(1);
    expect(emitted[0].data).not.toHaveProperty('output');
  });

  it('reports the service config of the model the node called (none for nodes without a model)', async () => {
    const port = await createModelPort(
      { configId: 'cfg-llm', kind: 'demo', config: { tokenDelayMs: 0 }, pricing: null },
      { ssrf: {} },
    );
    const { ctx, emitted } = context({
      node: { id: 'n1', type: 'llm', config: {} },
      config: { prompt: 'Hi' },
      history: [],
      signal: new AbortController().signal,
      model: async () => port,
    } as never);
    await CAPTURING_EXECUTORS.llm(ctx);
    const capture = emitted.find((e) => e.type === STEP_CAPTURE_EVENT)!.data;
    expect(capture).toMatchObject({ nodeId: 'n1', serviceConfigId: 'cfg-llm' });

    const plain = context();
    await CAPTURING_EXECUTORS.template(plain.ctx);
    expect(plain.emitted[0].data).not.toHaveProperty('serviceConfigId');
  });
});
