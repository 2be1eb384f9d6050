import type { Pool } from 'pg';
import { compileWorkflow, type CompileOptions, type Durability } from '../src/compiler/compile-workflow.js';
import {
  createPostgresCheckpointer,
  deleteCheckpoints,
  setupCheckpointer,
} from '../src/checkpoint/postgres-checkpointer.js';
import { EngineError } from '../src/engine-error.js';
import { HUMAN_APPROVAL_WORKFLOW } from '../src/examples/example-workflows.js';
import { collectRun, runWorkflow } from '../src/run/run-workflow.js';
import { ScriptedModel } from './helpers/scripted.model.js';
import { createTestDatabase } from './helpers/pg-database.js';

const THREE_NODES_OK = {
  entry: 'a',
  nodes: [
    { id: 'a', type: 'template', config: { template: 'a ok' } },
    { id: 'b', type: 'template', config: { template: 'b ok' } },
    { id: 'out', type: 'answer', config: { text: '{{nodes.a.output}}' } },
  ],
  edges: [
    { from: 'a', to: 'b' },
    { from: 'b', to: 'out' },
    { from: 'out', to: '__end__' },
  ],
};

describe('PostgresSaver on a real database', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  beforeAll(async () => {
    db = await createTestDatabase();
    pool = db.pool();
  });
  afterAll(() => db.drop());

  it('creates the checkpoint tables once even when several processes boot at the same time', async () => {
    await Promise.all([
      setupCheckpointer(db.pool()),
      setupCheckpointer(db.pool()),
      setupCheckpointer(db.pool()),
    ]);
    const { rows } = await pool.query(
      `SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'checkpoint%' ORDER BY 1`,
    );
    expect(rows.map((r: { table_name: string }) => r.table_name)).toEqual([
      'checkpoint_blobs',
      'checkpoint_migrations',
      'checkpoint_writes',
      'checkpoints',
    ]);
  });

  describe.each(['exit', 'async', 'sync'] as Durability[])('durability %s', (durability) => {
    it('pauses at human input and resumes in a fresh compile with a fresh pool, without re-running the draft', async () => {
      const draftModel = new ScriptedModel(() => ({
        text: 'AgentHub 1.0 is out',
        usage: { promptTokens: 7, completionTokens: 5 },
      }));
      const threadId = `run-approval-${durability}`;
      // "Process" one: start the run.
      const first = await collectRun(
        runWorkflow(
          compileWorkflow(HUMAN_APPROVAL_WORKFLOW, {
            checkpointer: createPostgresCheckpointer(db.pool()),
            resolveModel: () => draftModel,
            durability,
          }),
          {
            input: 'announce 1.0',
            threadId,
          },
        ),
      );
      expect(first.done?.status).toBe('paused');
      expect(first.done?.usage).toMatchObject({ promptTokens: 7, completionTokens: 5 });
      const interrupt = first.events.find((e) => e.type === 'interrupt');
      expect(interrupt?.data).toMatchObject({
        nodeId: 'approve',
        prompt: expect.stringContaining('AgentHub 1.0 is out'),
      });

      // "Process" two: new pool, new saver, new compile, same thread.
      const second = await collectRun(
        runWorkflow(
          compileWorkflow(HUMAN_APPROVAL_WORKFLOW, {
            checkpointer: createPostgresCheckpointer(db.pool()),
            resolveModel: () => draftModel,
            durability,
          }),
          {
            threadId,
            resume: { value: ' Yes ' },
          },
        ),
      );
      expect(second.done?.status).toBe('completed');
      expect(second.text).toBe('Published: AgentHub 1.0 is out');
      expect(draftModel.requests).toHaveLength(1);
      const nodesRun = second.events
        .filter((e) => e.type === 'node' && e.data.status === 'finished')
        .map((e) => (e.data as { nodeId: string }).nodeId);
      expect(nodesRun).toEqual(['approve', 'publish']);
    });
  });

  it('retries a failed run from its last checkpoint without re-running finished nodes', async () => {
    let fail = true;
    const calls: string[] = [];
    const options = (): CompileOptions => ({
      checkpointer: createPostgresCheckpointer(db.pool()),
      executors: {
        template: async (ctx) => (calls.push(ctx.node.id), { output: `${ctx.node.id} ok` }),
        code: async () => {
          calls.push('flaky');
          if (fail) throw new EngineError('upstream_down', 'try later');
          return { output: 'flaky ok' };
        },
      },
    });
    const def = {
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
    const failed = await collectRun(
      runWorkflow(compileWorkflow(def, options()), { input: 'go', threadId: 'run-retry' }),
    );
    expect(failed.done?.status).toBe('failed');
    fail = false;
    const retried = await collectRun(
      runWorkflow(compileWorkflow(def, options()), { threadId: 'run-retry', retry: true }),
    );
    expect(retried.done?.status).toBe('completed');
    expect(retried.text).toBe('a ok + flaky ok');
    expect(calls).toEqual(['a', 'flaky', 'flaky']);
  });

  it("writes each checkpoint and each task's writes in one statement, no explicit transaction", async () => {
    const counted = db.pool();
    const statements: string[] = [];
    const query = counted.query.bind(counted) as (...args: unknown[]) => unknown;
    (counted as unknown as { query: unknown }).query = (...args: unknown[]) => {
      statements.push(String(args[0]).trim().split(/\s+/).slice(0, 3).join(' '));
      return query(...args);
    };
    const run = await collectRun(
      runWorkflow(
        compileWorkflow(THREE_NODES_OK, {
          checkpointer: createPostgresCheckpointer(counted),
          durability: 'async',
        }),
        { input: 'go', threadId: 'run-batched' },
      ),
    );
    expect(run.events.filter((e) => e.type === 'error')).toEqual([]);
    expect(run.done?.status).toBe('completed');
    expect(statements.filter((q) => /^(BEGIN|COMMIT)/.test(q))).toEqual([]);
    const writes = statements.filter((q) => q.startsWith('INSERT') || q.startsWith('WITH'));
    // One checkpoint per superstep (input + 3 nodes), each in one statement, plus task writes.
    expect(
      writes.filter((q) => q.startsWith('WITH') || q.includes('checkpoints')).length,
    ).toBeGreaterThanOrEqual(4);
    const { rows } = await pool.query(
      `SELECT (SELECT count(*)::int FROM checkpoints WHERE thread_id = 'run-batched') AS checkpoints,
              (SELECT count(*)::int FROM checkpoint_blobs WHERE thread_id = 'run-batched') AS blobs`,
    );
    expect(rows[0].checkpoints).toBeGreaterThanOrEqual(4);
    expect(rows[0].blobs).toBeGreaterThan(0);
    // A fresh saver reads the final state back.
    const state = await compileWorkflow(THREE_NODES_OK, {
      checkpointer: createPostgresCheckpointer(pool),
    }).graph.getState({ configurable: { thread_id: 'run-batched' } });
    expect((state.values as { nodes: Record<string, { output: unknown }> }).nodes.out.output).toBe('a ok');
  });

  it('deletes the checkpoints of finished runs', async () => {
    const saver = createPostgresCheckpointer(pool);
    const count = async (id: string) =>
      (await pool.query('SELECT count(*)::int AS n FROM checkpoints WHERE thread_id = $1', [id])).rows[0]
        .n as number;
    expect(await count('run-retry')).toBeGreaterThan(0);
    await deleteCheckpoints(saver, ['run-retry']);
    expect(await count('run-retry')).toBe(0);
  });
});
