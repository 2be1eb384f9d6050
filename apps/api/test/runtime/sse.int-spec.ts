import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runEventSchema, type WorkflowDefinitionInput } from '@agenthub/contracts';
import { type MockOpenAIServer, readSse, type SseMessage, startMockOpenAI } from '@agenthub/testkit';
import { DomainError } from '../../src/common/domain-error';
import { RunService } from '../../src/runtime/run.service';
import { MODEL_CONFIG_SOURCE, type ModelConfigSource } from '../../src/runtime/runtime.ports';
import { writeSse } from '../../src/common/sse.util';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { insertAgent, LLM_ANSWER_WORKFLOW, mockLlmConfig } from './runtime.fixtures';

/**
 * writeSse over a real HTTP server: the same call the agent module's `POST /agents/:id/test`
 * makes, with a run from RunService, read back by a real client (fetch + testkit readSse).
 */
describe('writeSse (run events over a real HTTP connection)', () => {
  let t: TestApp;
  let llm: MockOpenAIServer;
  let server: Server;
  let baseUrl: string;
  let userId: string;
  let agentId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { ALLOW_PRIVATE_NETWORK: 'true' } });
    llm = await startMockOpenAI();
    const dev = await t.createUser(['developer']);
    userId = dev.id;
    agentId = await insertAgent(t, dev.id);
    const runs = t.app.get(RunService);
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const { definition, input, heartbeatMs } = JSON.parse(body) as {
          definition: WorkflowDefinitionInput;
          input: string;
          heartbeatMs?: number;
        };
        const controller = new AbortController();
        const events = runs.runDraft({ definition, input, agentId, userId, signal: controller.signal });
        writeSse(req, res, events, { abortController: controller, heartbeatMs }).catch((err: unknown) => {
          // What the global exception filter does for a DomainError before any header is sent.
          const status = err instanceof DomainError ? err.status : 500;
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ statusCode: status, code: (err as DomainError).code }));
        });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await llm?.close();
    await t?.close();
  });

  afterEach(() => {
    jest.restoreAllMocks();
    llm.reset();
  });

  const useSlowMockLlm = (tokenDelayMs: number) => {
    jest
      .spyOn(t.app.get<ModelConfigSource>(MODEL_CONFIG_SOURCE), 'resolveModelConfig')
      .mockResolvedValue(mockLlmConfig(llm.baseURL));
    llm.setResponder(() => ({ content: 'one two three four five six seven eight', tokenDelayMs }));
  };

  const post = (payload: unknown, signal?: AbortSignal) =>
    fetch(`${baseUrl}/run`, { method: 'POST', body: JSON.stringify(payload), signal });

  async function* chunks(text: string) {
    yield text;
  }

  it('sends standard SSE frames with ids, event names and JSON data, ending after one done', async () => {
    const res = await post({ definition: LLM_ANSWER_WORKFLOW, input: 'hello' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-accel-buffering')).toBe('no');

    const messages: SseMessage[] = [];
    for await (const m of readSse(res)) messages.push(m);
    expect(messages[0].event).toBe('run');
    expect(messages.map((m) => m.id)).toEqual(messages.map((_, i) => String(i + 1)));
    for (const m of messages) {
      expect(runEventSchema.safeParse({ type: m.event, data: JSON.parse(m.data) }).success).toBe(true);
    }
    expect(messages.filter((m) => m.event === 'done')).toHaveLength(1);
    expect(messages.at(-1)?.event).toBe('done');
    expect(JSON.parse(messages.at(-1)!.data)).toMatchObject({ status: 'completed' });
  });

  it('keeps idle streams open with comment heartbeats', async () => {
    useSlowMockLlm(120);
    const res = await post({ definition: LLM_ANSWER_WORKFLOW, input: 'hello', heartbeatMs: 40 });
    const text = await res.text();
    expect(text).toMatch(/^: ping$/m);
    const events: SseMessage[] = [];
    for await (const m of readSse(chunks(text))) events.push(m);
    expect(events.at(-1)?.event).toBe('done');
    expect(events.some((e) => e.event === undefined)).toBe(false);
  });

  it('cancels the run when the client disconnects', async () => {
    useSlowMockLlm(200);
    const controller = new AbortController();
    const res = await post({ definition: LLM_ANSWER_WORKFLOW, input: 'hello' }, controller.signal);
    let runId = '';
    try {
      for await (const m of readSse(res)) {
        if (m.event === 'run') runId = (JSON.parse(m.data) as { runId: string }).runId;
        if (m.event === 'message') controller.abort();
      }
    } catch {
      // fetch rejects the body read on abort
    }
    expect(runId).not.toBe('');
    const deadline = Date.now() + 5000;
    let status = '';
    while (Date.now() < deadline) {
      status = (
        await t.db.query<{ status: string }>('SELECT status FROM workflow_executions WHERE id = $1', [runId])
      )[0].status;
      if (status !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toBe('cancelled');
    // The model call was cut off: far fewer than the 8 tokens x 200 ms were waited for.
    expect(llm.callCount).toBe(1);
  });

  it('answers with a plain JSON error, not a stream, when the run cannot start', async () => {
    const res = await post({
      definition: { schemaVersion: 1, entry: 'a', nodes: [{ id: 'a', type: 'nope', config: {} }], edges: [] },
      input: 'x',
    });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ code: 'workflow_invalid' });
  });
});
