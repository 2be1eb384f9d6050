import { RUN_SUMMARY_RESERVED_IDS, type RunEvent } from '@agenthub/contracts';
import { HUMAN_APPROVAL_WORKFLOW } from '@agenthub/engine';
import { type MockOpenAIServer, startMcpTestServer, startMockOpenAI } from '@agenthub/testkit';
import { RunMaintenanceService } from '../../src/runtime/run-maintenance.service';
import { RunService, type RunStreamEvent } from '../../src/runtime/run.service';
import {
  MCP_SERVER_SOURCE,
  MODEL_CONFIG_SOURCE,
  type McpServerSource,
  type ModelConfigSource,
} from '../../src/runtime/runtime.ports';
import { createTestApp, type TestApp, type TestUser } from '../helpers/test-app';
import {
  collect,
  ENDLESS_LOOP_WORKFLOW,
  insertAgent,
  LLM_ANSWER_WORKFLOW,
  mockLlmConfig,
  ofType,
} from './runtime.fixtures';

interface RunRow {
  status: string;
  error_info: { code: string; message: string } | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: string;
  current_node: string | null;
  nodes_total: number;
  nodes_completed: number;
  nodes_failed: number;
  step_limit: number;
  started_at: Date | null;
  paused_at: Date | null;
  completed_at: Date | null;
  last_event_id: number;
}

interface StepRow {
  seq: number;
  node_id: string;
  node_type: string;
  status: string;
  input: unknown;
  output: unknown;
  error: { code: string } | null;
  duration_ms: number | null;
  prompt_tokens: number;
  completion_tokens: number;
  cost_usd: string;
}

describe('RunService (engine runs recorded in Postgres)', () => {
  let t: TestApp;
  let runs: RunService;
  let models: ModelConfigSource;
  let mcp: McpServerSource;
  let llm: MockOpenAIServer;
  let dev: TestUser;
  let agentId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'true' } });
    runs = t.app.get(RunService);
    models = t.app.get(MODEL_CONFIG_SOURCE);
    mcp = t.app.get(MCP_SERVER_SOURCE);
    llm = await startMockOpenAI();
    dev = await t.createUser(['developer']);
    agentId = await insertAgent(t, dev.id);
  });

  afterAll(async () => {
    await llm?.close();
    await t?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    llm.reset();
  });

  const useMockLlm = (pricing: Parameters<typeof mockLlmConfig>[1] = null) =>
    jest.spyOn(models, 'resolveModelConfig').mockResolvedValue(mockLlmConfig(llm.baseURL, pricing));

  const runRow = async (id: string) =>
    (await t.db.query<RunRow>('SELECT * FROM workflow_executions WHERE id = $1', [id]))[0];
  const stepRows = (id: string) =>
    t.db.query<StepRow>('SELECT * FROM workflow_execution_steps WHERE run_id = $1 ORDER BY seq', [id]);
  const runIdOf = (events: RunEvent[]) => (events[0] as Extract<RunEvent, { type: 'run' }>).data.runId;

  it('streams a draft run that starts with `run`, has monotonic ids and ends with exactly one `done`', async () => {
    const events = await collect(
      runs.runDraft({ definition: LLM_ANSWER_WORKFLOW, input: 'What is 2+2?', agentId, userId: dev.id }),
    );
    expect(events[0]).toMatchObject({ type: 'run', id: 1, data: { agentVersion: 'draft' } });
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(ofType(events, 'done')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
    // The platform default (demo model on a fresh install) answered, streamed as message deltas.
    const text = ofType(events, 'message')
      .map((e) => e.data.delta)
      .join('');
    expect(text).toContain('[Offline demo model]');
    expect(text.endsWith(' (done)')).toBe(true);
    expect(events.some((e) => (e.type as string).startsWith('__'))).toBe(false);

    const row = await runRow(runIdOf(events));
    expect(row).toMatchObject({
      status: 'completed',
      error_info: null,
      nodes_total: 2,
      nodes_completed: 2,
      nodes_failed: 0,
      step_limit: 100,
      current_node: null,
      last_event_id: events.length,
    });
    expect(row.started_at).not.toBeNull();
    expect(row.completed_at).not.toBeNull();
  });

  it('records one step per node with duration, input, output and tokens, and costs the run from pricing', async () => {
    useMockLlm({ inputPer1k: 2, outputPer1k: 10, currency: 'USD' });
    llm.setResponder(() => ({ content: 'Four.', usage: { prompt_tokens: 1000, completion_tokens: 500 } }));
    const events = await collect(
      runs.runDraft({ definition: LLM_ANSWER_WORKFLOW, input: 'What is 2+2?', agentId, userId: dev.id }),
    );
    const done = ofType(events, 'done')[0];
    // 1000 prompt tokens at $2/1K + 500 completion tokens at $10/1K.
    expect(done.data.usage).toEqual({ promptTokens: 1000, completionTokens: 500, costUsd: 7 });

    const id = runIdOf(events);
    const row = await runRow(id);
    expect(row).toMatchObject({ prompt_tokens: 1000, completion_tokens: 500 });
    expect(Number(row.cost_usd)).toBe(7);

    const steps = await stepRows(id);
    expect(steps.map((s) => [s.seq, s.node_id, s.node_type, s.status])).toEqual([
      [1, 'think', 'llm', 'completed'],
      [2, 'final', 'answer', 'completed'],
    ]);
    expect(steps[0]).toMatchObject({ prompt_tokens: 1000, completion_tokens: 500, output: 'Four.' });
    expect(Number(steps[0].cost_usd)).toBe(7);
    expect(steps[0].input).toMatchObject({
      input: 'What is 2+2?',
      config: { prompt: 'Answer briefly: {{input}}' },
    });
    expect(steps[1]).toMatchObject({ prompt_tokens: 0, output: ' (done)' });
    for (const s of steps) expect(s.duration_ms).toEqual(expect.any(Number));
    // The service config's API key is used for the call, never stored in the trace.
    expect(JSON.stringify(steps)).not.toContain('sk-test-secret');
    expect(llm.requests).toHaveLength(1);
  });

  it('uses the model bound to the node, else the agent dependency, else the platform default', async () => {
    const spy = useMockLlm();
    const definition = {
      ...LLM_ANSWER_WORKFLOW,
      nodes: [
        {
          id: 'a',
          type: 'llm',
          config: { prompt: '{{input}}' },
          services: { llm: '00000000-0000-4000-8000-00000000000a' },
        },
        { id: 'b', type: 'llm', config: { prompt: '{{input}}' } },
        { id: 'c', type: 'llm', config: { prompt: '{{input}}' } },
      ],
      entry: 'a',
      edges: [
        { from: 'a', to: 'b' },
        { from: 'b', to: 'c' },
        { from: 'c', to: '__end__' },
      ],
    };
    const owner = await t.createUser(['developer']);
    await collect(
      runs.runDraft({
        definition,
        input: 'hi',
        agentId,
        userId: dev.id,
        serviceOwnerId: owner.id,
        serviceDependencies: { b: { llm: '00000000-0000-4000-8000-00000000000b' } },
      }),
    );
    expect(spy.mock.calls).toEqual([
      ['00000000-0000-4000-8000-00000000000a', owner.id],
      ['00000000-0000-4000-8000-00000000000b', owner.id],
      [null, owner.id],
    ]);
  });

  it('pauses at human input and resumes on the same thread without re-running earlier nodes', async () => {
    useMockLlm();
    llm.setResponder(() => ({ content: 'Big news today!' }));
    const first = await collect(
      runs.runDraft({ definition: HUMAN_APPROVAL_WORKFLOW, input: 'launch', agentId, userId: dev.id }),
    );
    const id = runIdOf(first);
    expect(ofType(first, 'interrupt')[0].data).toMatchObject({ nodeId: 'approve' });
    expect(first.at(-1)).toMatchObject({ type: 'done', data: { status: 'paused' } });
    expect(llm.callCount).toBe(1);
    expect(await runRow(id)).toMatchObject({ status: 'paused', current_node: 'approve', completed_at: null });
    expect((await runRow(id)).paused_at).not.toBeNull();
    expect((await stepRows(id)).map((s) => [s.node_id, s.status])).toEqual([
      ['draft', 'completed'],
      ['approve', 'paused'],
    ]);

    const second = await collect(runs.resumeRun(id, 'yes'));
    // Above the paused done and the ids kept free for a summary of the run so far.
    const start = first.length + RUN_SUMMARY_RESERVED_IDS + 1;
    expect(second[0]).toMatchObject({ type: 'run', id: start, data: { runId: id } });
    expect(second.map((e) => e.id)).toEqual(second.map((_, i) => start + i));
    expect(second.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
    expect(
      ofType(second, 'message')
        .map((e) => e.data.delta)
        .join(''),
    ).toBe('Published: Big news today!');
    // The draft node did not run again: still one model call.
    expect(llm.callCount).toBe(1);
    expect(ofType(second, 'node').some((e) => e.data.nodeId === 'draft')).toBe(false);

    const steps = await stepRows(id);
    expect(steps.map((s) => [s.node_id, s.status])).toEqual([
      ['draft', 'completed'],
      ['approve', 'completed'],
      ['publish', 'completed'],
    ]);
    expect(steps[1].output).toBe('yes');
    expect(await runRow(id)).toMatchObject({ status: 'completed', paused_at: null, nodes_completed: 3 });

    // A finished run cannot be resumed again; an unknown one is not found.
    await expect(collect(runs.resumeRun(id, 'yes'))).rejects.toMatchObject({
      status: 409,
      code: 'run_not_paused',
    });
    await expect(collect(runs.resumeRun('00000000-0000-4000-8000-000000000000', 'x'))).rejects.toMatchObject({
      status: 404,
    });
  });

  it('lets only the run owner or an admin resume when an actor is given', async () => {
    const first = await collect(
      runs.runDraft({ definition: HUMAN_APPROVAL_WORKFLOW, input: 'x', agentId, userId: dev.id }),
    );
    const id = runIdOf(first);
    const other = await t.createUser(['developer']);
    await expect(
      collect(runs.resumeRun(id, 'no', { actor: { id: other.id, roles: other.roles } })),
    ).rejects.toMatchObject({ status: 404 });
    expect((await runRow(id)).status).toBe('paused');
    const admin = await t.createUser(['admin']);
    const resumed = await collect(runs.resumeRun(id, 'no', { actor: { id: admin.id, roles: admin.roles } }));
    expect(resumed.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
  });

  it('lets only one of two concurrent resumes continue the thread', async () => {
    const first = await collect(
      runs.runDraft({ definition: HUMAN_APPROVAL_WORKFLOW, input: 'x', agentId, userId: dev.id }),
    );
    const id = runIdOf(first);
    const results = await Promise.allSettled([
      collect(runs.resumeRun(id, 'yes')),
      collect(runs.resumeRun(id, 'no')),
    ]);
    const fulfilled = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toMatchObject({ status: 409, code: 'run_not_paused' });
    expect((await runRow(id)).status).toBe('completed');
    expect((await stepRows(id)).filter((s) => s.node_id === 'approve')).toHaveLength(1);
  });

  it('cancels the run when the client aborts mid-stream', async () => {
    useMockLlm();
    llm.setResponder(() => ({
      content: 'one two three four five six seven eight nine ten',
      tokenDelayMs: 200,
    }));
    const controller = new AbortController();
    const seen: RunStreamEvent[] = [];
    for await (const e of runs.runDraft({
      definition: LLM_ANSWER_WORKFLOW,
      input: 'count',
      agentId,
      userId: dev.id,
      signal: controller.signal,
    })) {
      seen.push(e);
      if (e.type === 'message') controller.abort();
    }
    expect(ofType(seen, 'done')).toHaveLength(1);
    expect(seen.at(-1)).toMatchObject({ type: 'done', data: { status: 'cancelled' } });
    expect(ofType(seen, 'error')[0]?.data.code).toBe('cancelled');
    const id = runIdOf(seen);
    expect(await runRow(id)).toMatchObject({ status: 'cancelled', error_info: { code: 'cancelled' } });
    expect((await stepRows(id)).map((s) => [s.node_id, s.status])).toEqual([['think', 'cancelled']]);
  });

  it('marks the run cancelled when the consumer stops reading early', async () => {
    let id = '';
    for await (const e of runs.runDraft({
      definition: LLM_ANSWER_WORKFLOW,
      input: 'x',
      agentId,
      userId: dev.id,
    })) {
      if (e.type === 'run') id = e.data.runId;
      if (e.type === 'node') break;
    }
    expect(await runRow(id)).toMatchObject({ status: 'cancelled', error_info: { code: 'cancelled' } });
  });

  it('fails the run with the node error code when a node fails', async () => {
    useMockLlm();
    llm.setResponder(() => ({ error: { status: 400, message: 'context length exceeded' } }));
    const events = await collect(
      runs.runDraft({ definition: LLM_ANSWER_WORKFLOW, input: 'x', agentId, userId: dev.id }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
    const error = ofType(events, 'error')[0].data;
    expect(error).toMatchObject({ code: 'model_error', nodeId: 'think' });
    const failedNode = ofType(events, 'node').find((e) => e.data.status === 'failed');
    expect(failedNode?.data).toMatchObject({ nodeId: 'think', error: { code: 'model_error' } });

    const id = runIdOf(events);
    expect(await runRow(id)).toMatchObject({
      status: 'failed',
      current_node: 'think',
      nodes_failed: 1,
      error_info: { code: 'model_error', nodeId: 'think' },
    });
    expect((await stepRows(id))[0]).toMatchObject({
      status: 'failed',
      error: { code: 'model_error' },
      output: null,
    });
  });

  it('stops a run over its step limit with recursion_limit', async () => {
    const events = await collect(
      runs.runDraft({
        definition: ENDLESS_LOOP_WORKFLOW,
        input: 'go',
        agentId,
        userId: dev.id,
        stepLimit: 5,
      }),
    );
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
    expect(ofType(events, 'error')[0].data.code).toBe('recursion_limit');
    const id = runIdOf(events);
    expect(await runRow(id)).toMatchObject({
      status: 'failed',
      step_limit: 5,
      error_info: { code: 'recursion_limit' },
    });
    expect((await stepRows(id)).length).toBeGreaterThanOrEqual(4);
  });

  it('refuses an invalid workflow before any run exists (422 with every problem)', async () => {
    const before = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM workflow_executions');
    const bad = {
      schemaVersion: 1,
      entry: 'a',
      nodes: [{ id: 'a', type: 'no_such_type', config: {} }],
      edges: [{ from: 'a', to: 'ghost' }],
    };
    const error = await collect(
      runs.runDraft({ definition: bad, input: 'x', agentId, userId: dev.id }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 422, code: 'workflow_invalid' });
    const codes = (error as { details: Array<{ code: string; path: string }> }).details.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['unknown_node_type', 'unknown_edge_target']));
    const after = await t.db.query<{ n: string }>('SELECT count(*) AS n FROM workflow_executions');
    expect(after[0].n).toBe(before[0].n);
  });

  it('calls MCP tools of registered servers and records call statistics', async () => {
    const server = await startMcpTestServer();
    try {
      jest
        .spyOn(mcp, 'resolveServer')
        .mockImplementation(async (name) =>
          name === 'tools' ? { id: 'srv-1', url: server.url, transport: 'streamable_http' } : null,
        );
      const record = jest.spyOn(mcp, 'recordCall').mockResolvedValue();
      const definition = {
        schemaVersion: 1,
        entry: 'call',
        nodes: [
          {
            id: 'call',
            type: 'tool_call',
            config: { server: 'tools', tool: 'echo', args: { text: '{{input}}' } },
          },
        ],
        edges: [{ from: 'call', to: '__end__' }],
      };
      const events = await collect(runs.runDraft({ definition, input: 'ping', agentId, userId: dev.id }));
      expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'completed' } });
      const steps = await stepRows(runIdOf(events));
      expect(steps[0]).toMatchObject({ node_id: 'call', status: 'completed', output: 'ping' });
      expect(record).toHaveBeenCalledWith('srv-1', 'echo', true, expect.any(Number));

      const missing = {
        ...definition,
        nodes: [{ ...definition.nodes[0], config: { server: 'nope', tool: 'echo' } }],
      };
      const failed = await collect(
        runs.runDraft({ definition: missing, input: 'x', agentId, userId: dev.id }),
      );
      expect(ofType(failed, 'error')[0].data.code).toBe('tool_not_found');
    } finally {
      await server.close();
    }
  });

  it('deletes checkpoints of runs finished before the retention period, keeping paused runs', async () => {
    const done = await collect(
      runs.runDraft({ definition: LLM_ANSWER_WORKFLOW, input: 'x', agentId, userId: dev.id }),
    );
    const paused = await collect(
      runs.runDraft({ definition: HUMAN_APPROVAL_WORKFLOW, input: 'x', agentId, userId: dev.id }),
    );
    const doneId = runIdOf(done);
    const pausedId = runIdOf(paused);
    const checkpointCount = async (id: string) =>
      Number(
        (
          await t.db.query<{ n: string }>('SELECT count(*) AS n FROM checkpoints WHERE thread_id = $1', [id])
        )[0].n,
      );
    expect(await checkpointCount(doneId)).toBeGreaterThan(0);
    expect(await checkpointCount(pausedId)).toBeGreaterThan(0);

    const maintenance = t.app.get(RunMaintenanceService);
    // Too recent: kept.
    await maintenance.deleteFinishedCheckpoints(7);
    expect(await checkpointCount(doneId)).toBeGreaterThan(0);

    await t.db.query(
      `UPDATE workflow_executions SET completed_at = now() - interval '8 days' WHERE id = $1`,
      [doneId],
    );
    await t.db.query(`UPDATE workflow_executions SET created_at = now() - interval '30 days' WHERE id = $1`, [
      pausedId,
    ]);
    expect(await maintenance.deleteFinishedCheckpoints(7)).toBe(1);
    expect(await checkpointCount(doneId)).toBe(0);
    expect(await checkpointCount(pausedId)).toBeGreaterThan(0);
    // The run itself and its trace stay.
    expect((await runRow(doneId)).status).toBe('completed');
    expect((await stepRows(doneId)).length).toBe(2);
  });

  it('marks runs left running by a dead process as failed', async () => {
    const rows = await t.db.query<{ id: string }>(
      `INSERT INTO workflow_executions (kind, status, agent_id, user_id, definition, step_limit, started_at)
       VALUES ('test', 'running', $1, $2, '{}', 100, now() - interval '2 days') RETURNING id`,
      [agentId, dev.id],
    );
    await t.db.query(
      `INSERT INTO workflow_execution_steps (run_id, seq, node_id, node_type, status) VALUES ($1, 1, 'a', 'llm', 'running')`,
      [rows[0].id],
    );
    const ids = await t.app.get(RunMaintenanceService).failAbandonedRuns();
    expect(ids).toEqual([rows[0].id]);
    expect(await runRow(rows[0].id)).toMatchObject({
      status: 'failed',
      error_info: { code: 'run_abandoned' },
    });
    expect((await stepRows(rows[0].id))[0].status).toBe('failed');
  });
});

describe('RunService run timeout', () => {
  let t: TestApp;
  let llm: MockOpenAIServer;

  beforeAll(async () => {
    t = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'true', RUN_TIMEOUT_MS: '1500' } });
    llm = await startMockOpenAI({
      responder: () => ({ content: 'a b c d e f g h i j k l m n o p', tokenDelayMs: 300 }),
    });
  });

  afterAll(async () => {
    await llm?.close();
    await t?.close();
  });

  it('fails a run that exceeds RUN_TIMEOUT_MS with code timeout', async () => {
    const dev = await t.createUser(['developer']);
    const agentId = await insertAgent(t, dev.id);
    jest
      .spyOn(t.app.get<ModelConfigSource>(MODEL_CONFIG_SOURCE), 'resolveModelConfig')
      .mockResolvedValue(mockLlmConfig(llm.baseURL));
    const started = Date.now();
    const events = await collect(
      t.app
        .get(RunService)
        .runDraft({ definition: LLM_ANSWER_WORKFLOW, input: 'x', agentId, userId: dev.id }),
    );
    expect(Date.now() - started).toBeLessThan(4000);
    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
    expect(ofType(events, 'error')[0].data.code).toBe('timeout');
    const id = (events[0] as Extract<RunEvent, { type: 'run' }>).data.runId;
    const row = (await t.db.query<RunRow>('SELECT * FROM workflow_executions WHERE id = $1', [id]))[0];
    expect(row).toMatchObject({ status: 'failed', error_info: { code: 'timeout' } });
  });
});

describe('RunService at shutdown', () => {
  let t: TestApp;
  let llm: MockOpenAIServer;

  beforeAll(async () => {
    t = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'true' } });
    llm = await startMockOpenAI({
      responder: () => ({ content: 'a b c d e f g h i j k l m n o p', tokenDelayMs: 300 }),
    });
  });

  afterAll(async () => {
    await llm?.close();
    await t?.db.drop();
  });

  it('ends running runs as failed / server_shutdown before the database closes', async () => {
    const dev = await t.createUser(['developer']);
    const agentId = await insertAgent(t, dev.id);
    jest
      .spyOn(t.app.get<ModelConfigSource>(MODEL_CONFIG_SOURCE), 'resolveModelConfig')
      .mockResolvedValue(mockLlmConfig(llm.baseURL));
    const events: RunStreamEvent[] = [];
    let firstToken!: () => void;
    const streaming = new Promise<void>((resolve) => (firstToken = resolve));
    const consumer = (async () => {
      for await (const e of t.app
        .get(RunService)
        .runDraft({ definition: LLM_ANSWER_WORKFLOW, input: 'x', agentId, userId: dev.id })) {
        events.push(e);
        if (e.type === 'message') firstToken();
      }
    })();
    await streaming;
    await t.app.close();
    await consumer;

    expect(events.at(-1)).toMatchObject({ type: 'done', data: { status: 'failed' } });
    expect(ofType(events, 'error')[0].data.code).toBe('server_shutdown');
    const id = (events[0] as Extract<RunEvent, { type: 'run' }>).data.runId;
    const row = (await t.db.query<RunRow>('SELECT * FROM workflow_executions WHERE id = $1', [id]))[0];
    expect(row).toMatchObject({ status: 'failed', error_info: { code: 'server_shutdown' } });
  });
});
