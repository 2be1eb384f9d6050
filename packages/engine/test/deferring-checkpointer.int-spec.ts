import type { Pool } from 'pg';
import { DeferringCheckpointer } from '../src/checkpoint/deferring-checkpointer.js';
import { createPostgresCheckpointer, setupCheckpointer } from '../src/checkpoint/postgres-checkpointer.js';
import { compileWorkflow, type CompileOptions } from '../src/compiler/compile-workflow.js';
import { EngineError } from '../src/engine-error.js';
import { HUMAN_APPROVAL_WORKFLOW } from '../src/examples/example-workflows.js';
import { collectRun, runWorkflow } from '../src/run/run-workflow.js';
import { ScriptedModel } from './helpers/scripted.model.js';
import { createTestDatabase } from './helpers/pg-database.js';

const THREE_NODES = {
  entry: 'a',
  nodes: [
    { id: 'a', type: 'template', config: { template: 'x' } },
    { id: 'flaky', type: 'code', config: { code: 'x' } },
    { id: 'out', type: 'answer', config: { text: '{{nodes.a.output}} + {{nodes.flaky.output}}' } },
  ],
  edges: [
    { from: 'a', to: 'flaky' },
    { from: 'flaky', to: 'out' },
    { from: 'out', to: '__end__' },
  ],
};

describe('DeferringCheckpointer on a real database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  const rows = async (threadId: string) => {
    const { rows: r } = await pool.query(
      `SELECT (SELECT count(*)::int FROM checkpoints WHERE thread_id = $1) AS checkpoints,
              (SELECT count(*)::int FROM checkpoint_blobs WHERE thread_id = $1) AS blobs,
              (SELECT count(*)::int FROM checkpoint_writes WHERE thread_id = $1) AS writes`,
      [threadId],
    );
    return r[0] as { checkpoints: number; blobs: number; writes: number };
  };
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool();
    await setupCheckpointer(pool);
  });
  afterAll(() => db.drop());

  let fail = true;
  const calls: string[] = [];
  const options = (checkpointer: CompileOptions['checkpointer']): CompileOptions => ({
    checkpointer,
    executors: {
      template: async (ctx) => (calls.push(ctx.node.id), { output: `${ctx.node.id} ok` }),
      code: async () => {
        calls.push('flaky');
        if (fail) throw new EngineError('upstream_down', 'try later');
        return { output: 'flaky ok' };
      },
    },
  });

  it('writes nothing for a deferred thread that is discarded (completed run)', async () => {
    fail = false;
    const saver = new DeferringCheckpointer(createPostgresCheckpointer(pool));
    saver.defer('t-done');
    const run = await collectRun(
      runWorkflow(compileWorkflow(THREE_NODES, options(saver)), { input: 'go', threadId: 't-done' }),
    );
    expect(run.done?.status).toBe('completed');
    saver.discard('t-done');
    expect(await rows('t-done')).toEqual({ checkpoints: 0, blobs: 0, writes: 0 });
    expect(saver.tracked).toBe(0);
  });

  it('flushes a failed run so a retry continues without re-running finished nodes', async () => {
    fail = true;
    calls.length = 0;
    const saver = new DeferringCheckpointer(createPostgresCheckpointer(pool));
    saver.defer('t-retry');
    const failed = await collectRun(
      runWorkflow(compileWorkflow(THREE_NODES, options(saver)), { input: 'go', threadId: 't-retry' }),
    );
    expect(failed.done?.status).toBe('failed');
    expect((await rows('t-retry')).checkpoints).toBe(0);
    await saver.flush('t-retry');
    expect((await rows('t-retry')).checkpoints).toBeGreaterThan(0);

    fail = false;
    // Another process: a plain saver on the same database.
    const retried = await collectRun(
      runWorkflow(compileWorkflow(THREE_NODES, options(createPostgresCheckpointer(pool))), {
        threadId: 't-retry',
        retry: true,
      }),
    );
    expect(retried.done?.status).toBe('completed');
    expect(retried.text).toBe('a ok + flaky ok');
    expect(calls).toEqual(['a', 'flaky', 'flaky']);
  });

  it('flushes a paused run so it resumes from the checkpoint', async () => {
    const model = new ScriptedModel(() => ({
      text: 'Draft',
      usage: { promptTokens: 1, completionTokens: 1 },
    }));
    const saver = new DeferringCheckpointer(createPostgresCheckpointer(pool));
    saver.defer('t-pause');
    const first = await collectRun(
      runWorkflow(
        compileWorkflow(HUMAN_APPROVAL_WORKFLOW, { checkpointer: saver, resolveModel: () => model }),
        {
          input: 'x',
          threadId: 't-pause',
        },
      ),
    );
    expect(first.done?.status).toBe('paused');
    await saver.flush('t-pause');
    const second = await collectRun(
      runWorkflow(
        compileWorkflow(HUMAN_APPROVAL_WORKFLOW, {
          checkpointer: createPostgresCheckpointer(pool),
          resolveModel: () => model,
        }),
        { threadId: 't-pause', resume: { value: 'yes' } },
      ),
    );
    expect(second.done?.status).toBe('completed');
    expect(model.requests).toHaveLength(1);
  });

  it('skips only the first read of a fresh thread and writes through (durability async)', async () => {
    fail = false;
    const saver = new DeferringCheckpointer(createPostgresCheckpointer(pool));
    saver.markFresh('t-fresh');
    const run = await collectRun(
      runWorkflow(compileWorkflow(THREE_NODES, { ...options(saver), durability: 'async' }), {
        input: 'go',
        threadId: 't-fresh',
      }),
    );
    expect(run.done?.status).toBe('completed');
    expect((await rows('t-fresh')).checkpoints).toBeGreaterThan(1);
    expect(saver.tracked).toBe(0);
  });
});
