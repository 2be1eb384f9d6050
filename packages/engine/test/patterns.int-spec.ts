import {
  startMcpTestServer,
  startMockOpenAI,
  type MockChatRequest,
  type MockOpenAIServer,
} from '@agenthub/testkit';
import type { RunEvent } from '@agenthub/contracts';
import { MemorySaver } from '@langchain/langgraph';
import type { Pool } from 'pg';
import { createPostgresCheckpointer, setupCheckpointer } from '../src/checkpoint/postgres-checkpointer.js';
import { compileWorkflow, type CompileOptions } from '../src/compiler/compile-workflow.js';
import {
  CODE_REVIEW_WORKFLOW,
  EXAMPLE_WORKFLOWS,
  HUMAN_APPROVAL_WORKFLOW,
  ROUTER_WORKFLOW,
  TOOL_AGENT_WORKFLOW,
} from '../src/examples/example-workflows.js';
import { DemoModel, DEMO_LABEL } from '../src/models/demo.model.js';
import { createModel } from '../src/models/model-factory.js';
import { collectRun, runWorkflow } from '../src/run/run-workflow.js';
import { createMcpToolResolver } from '../src/tools/mcp-tools.js';
import { createTestDatabase } from './helpers/pg-database.js';

const text = (req: MockChatRequest) =>
  req.messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
const system = (req: MockChatRequest) =>
  text({ ...req, messages: req.messages.filter((m) => m.role === 'system') });
const REVIEW_FRAME_DELAY_MS = 100;
const finishedNodes = (events: RunEvent[]) =>
  events
    .filter((e) => e.type === 'node' && e.data.status === 'finished')
    .map((e) => (e.data as { nodeId: string }).nodeId);

describe('end-to-end patterns on the loopback OpenAI mock, MCP server and Postgres', () => {
  let llm: MockOpenAIServer;
  let mcp: Awaited<ReturnType<typeof startMcpTestServer>>;
  let options: CompileOptions;
  beforeAll(async () => {
    llm = await startMockOpenAI();
    mcp = await startMcpTestServer();
    const model = createModel({ kind: 'openai_compatible', baseURL: llm.baseURL, model: 'mock-model' });
    options = {
      resolveModel: () => model,
      resolveTools: (selection, { signal }) =>
        createMcpToolResolver({
          servers: { tools: { url: mcp.url, transport: 'streamable_http' } },
          ssrf: { allowPrivateNetwork: true },
        })(selection, signal),
    };
  });
  beforeEach(() => llm.reset());
  afterAll(async () => {
    await llm.close();
    await mcp.close();
  });

  it('router: the classifier label picks the billing specialist', async () => {
    llm.setResponder((req) =>
      system(req).includes('Labels:') ? { content: 'Billing' } : { content: `specialist(${system(req)})` },
    );
    const { text: answer, events } = await collectRun(
      runWorkflow(compileWorkflow(ROUTER_WORKFLOW, options), { input: 'I was charged twice', threadId: 'r' }),
    );
    expect(finishedNodes(events)).toEqual(['classify', 'billing']);
    expect(answer).toBe('specialist(You are a friendly billing specialist.)');
  });

  it('tool-using agent: calls the MCP add tool and answers with its result', async () => {
    llm.setResponder((req) => {
      const toolMsg = req.messages.find((m) => m.role === 'tool');
      return toolMsg
        ? { content: `The answer is ${String(toolMsg.content)}` }
        : { toolCalls: [{ name: 'add', arguments: { a: 20, b: 22 } }] };
    });
    const {
      text: answer,
      events,
      done,
    } = await collectRun(
      runWorkflow(compileWorkflow(TOOL_AGENT_WORKFLOW, options), { input: 'what is 20+22?', threadId: 'a' }),
    );
    expect(done?.status).toBe('completed');
    expect(events.filter((e) => e.type === 'tool').map((e) => e.data)).toEqual([
      { nodeId: 'agent', name: 'add', args: { a: 20, b: 22 }, status: 'started' },
      { nodeId: 'agent', name: 'add', args: { a: 20, b: 22 }, status: 'finished', result: '42' },
    ]);
    expect(answer).toBe('The answer is 42');
    expect(mcp.calls.add).toBe(1);
    expect(
      (llm.requests[0].raw as { tools: { function: { name: string } }[] }).tools.map((t) => t.function.name),
    ).toEqual(expect.arrayContaining(['echo', 'add', 'search', 'fail', 'slow']));
  });

  it('tool_call node: calls one MCP tool with templated args', async () => {
    const def = {
      entry: 'find',
      nodes: [
        {
          id: 'find',
          type: 'tool_call',
          config: { server: 'tools', tool: 'echo', args: { text: 'echo: {{input}}' } },
        },
        { id: 'out', type: 'answer', config: { text: '{{nodes.find.output}}' } },
      ],
      edges: [
        { from: 'find', to: 'out' },
        { from: 'out', to: '__end__' },
      ],
    };
    const { text: answer } = await collectRun(
      runWorkflow(compileWorkflow(def, options), { input: 'ping', threadId: 't' }),
    );
    expect(answer).toBe('echo: ping');
  });

  it('fan-out code review: three reviewers run concurrently, then one summary', async () => {
    const arrivals: number[] = [];
    llm.setResponder((req) => {
      const sys = system(req);
      if (sys.includes('Merge')) return { content: `SUMMARY ${text(req).split('\n').slice(1).join(' ')}` };
      arrivals.push(Date.now());
      return {
        content: sys.includes('style') ? 'style-ok' : sys.includes('security') ? 'sec-ok' : 'tests-ok',
        tokenDelayMs: REVIEW_FRAME_DELAY_MS,
      };
    });
    const { text: answer, events } = await collectRun(
      runWorkflow(compileWorkflow(CODE_REVIEW_WORKFLOW, options), {
        input: 'function f() {}',
        threadId: 'c',
      }),
    );
    expect(answer).toBe('SUMMARY Style: style-ok Security: sec-ok Tests: tests-ok');
    expect(finishedNodes(events).filter((n) => n === 'summary')).toHaveLength(1);
    expect(finishedNodes(events).slice(1, 4).sort()).toEqual(['security', 'style', 'tests']);
    expect(llm.callCount).toBe(4);
    // The mock waits after each of its SSE frames, so one review takes >= 400 ms: all three
    // requests arriving within that window means none waited for another.
    expect(arrivals).toHaveLength(3);
    expect(Math.max(...arrivals) - Math.min(...arrivals)).toBeLessThan(REVIEW_FRAME_DELAY_MS * 3);
    expect(events.filter((e) => e.type === 'thought').length).toBeGreaterThan(0);
  });

  describe('human approval with PostgresSaver', () => {
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    let pool: Pool;
    beforeAll(async () => {
      db = await createTestDatabase();
      pool = db.pool();
      await setupCheckpointer(pool);
    });
    afterAll(() => db.drop());

    it('pauses for approval, then a "no" takes the discard branch', async () => {
      llm.setResponder(() => ({ content: 'Big news!' }));
      const compile = () =>
        compileWorkflow(HUMAN_APPROVAL_WORKFLOW, {
          ...options,
          checkpointer: createPostgresCheckpointer(pool),
        });
      const paused = await collectRun(runWorkflow(compile(), { input: 'release', threadId: 'h1' }));
      expect(paused.done?.status).toBe('paused');
      const resumed = await collectRun(runWorkflow(compile(), { threadId: 'h1', resume: { value: 'no' } }));
      expect(resumed.text).toBe('Not published. Reply with changes and I will draft again.');
      expect(llm.callCount).toBe(1);
    });
  });
});

describe('every example workflow runs offline on the demo model', () => {
  it.each(Object.entries(EXAMPLE_WORKFLOWS))('%s', async (name, def) => {
    const compiled = compileWorkflow(def, {
      resolveModel: () => new DemoModel({ tokenDelayMs: 0 }),
      checkpointer: new MemorySaver(),
      resolveTools: async () => ({
        tools: [
          {
            name: 'echo',
            inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
            call: async (a) => ({ isError: false, text: String(a.text) }),
          },
        ],
        close: async () => undefined,
      }),
    });
    let run = await collectRun(runWorkflow(compiled, { input: 'please echo hello', threadId: name }));
    if (run.done?.status === 'paused')
      run = await collectRun(runWorkflow(compiled, { threadId: name, resume: { value: 'yes' } }));
    expect(run.done?.status).toBe('completed');
    expect(run.text.length).toBeGreaterThan(0);
    if (name !== 'router') expect(run.text).toContain(DEMO_LABEL);
  });
});
