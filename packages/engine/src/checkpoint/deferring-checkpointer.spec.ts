import { MemorySaver } from '@langchain/langgraph-checkpoint';
import { compileWorkflow } from '../compiler/compile-workflow.js';
import { collectRun, runWorkflow } from '../run/run-workflow.js';
import { type CheckpointRetry, DeferringCheckpointer } from './deferring-checkpointer.js';

const TWO_NODES = {
  entry: 'a',
  nodes: [
    { id: 'a', type: 'template', config: { template: 'x' } },
    { id: 'b', type: 'template', config: { template: 'y' } },
  ],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: '__end__' },
  ],
};

describe('DeferringCheckpointer with a retry', () => {
  it('repeats a failed checkpoint write through `retry`, so the run completes', async () => {
    const inner = new MemorySaver();
    let failures = 2;
    const put = inner.put.bind(inner);
    inner.put = (...args: Parameters<MemorySaver['put']>) =>
      failures-- > 0 ? Promise.reject(new Error('Connection terminated')) : put(...args);
    const attempts: string[] = [];
    const retry: CheckpointRetry = async (what, call) => {
      for (;;) {
        try {
          return await call();
        } catch {
          attempts.push(what);
        }
      }
    };
    const compiled = compileWorkflow(TWO_NODES, {
      checkpointer: new DeferringCheckpointer(inner, { retry }),
      executors: { template: async (ctx) => ({ output: `${ctx.node.id} ok` }) },
    });
    const { events } = await collectRun(runWorkflow(compiled, { input: 'go', threadId: 't1', runId: 'r1' }));
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
    expect(attempts).toEqual(['Writing a checkpoint', 'Writing a checkpoint']);
  });
});
