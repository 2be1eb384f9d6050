import type { RunEvent, WorkflowDefinitionInput } from '@agenthub/contracts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScriptedModel } from '../../test/helpers/scripted.model.js';
import { compileWorkflow, type CompileOptions } from '../compiler/compile-workflow.js';
import { DemoModel } from '../models/demo.model.js';
import { collectRun, runWorkflow } from '../run/run-workflow.js';
import { staticToolResolver } from '../tools/static-tools.js';
import type { ToolPort } from '../tools/tool.port.js';
import { matchLabel } from './classifier.executor.js';

const calls: Record<string, unknown[]> = {};
const tool = (name: string, fn: (args: Record<string, unknown>) => string, isError = false): ToolPort => ({
  name,
  description: `${name} tool`,
  inputSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
    required: ['a', 'b'],
  },
  call: async (args) => {
    (calls[name] ??= []).push(args);
    return { isError, text: fn(args) };
  },
});
const resolveTools = staticToolResolver({
  math: [tool('add', (a) => String(Number(a.a) + Number(a.b))), tool('fail', () => 'nope', true)],
});

async function run(def: WorkflowDefinitionInput, input: string, options: CompileOptions = {}) {
  return collectRun(
    runWorkflow(compileWorkflow(def, { resolveTools, ...options }), { input, threadId: 't' }),
  );
}
const single = (node: WorkflowDefinitionInput['nodes'][number]): WorkflowDefinitionInput => ({
  entry: node.id,
  nodes: [node],
  edges: [{ from: node.id, to: '__end__' }],
});
const toolEvents = (events: RunEvent[]) => events.filter((e) => e.type === 'tool').map((e) => e.data);

describe('agent executor', () => {
  it('loops over tool calls with the demo model and streams the final answer', async () => {
    const { text, events, done } = await run(
      single({ id: 'agent', type: 'agent', config: { tools: [{ server: 'math' }] } }),
      'please add 2 and 40',
      { resolveModel: () => new DemoModel({ tokenDelayMs: 0 }) },
    );
    expect(done?.status).toBe('completed');
    expect(toolEvents(events)).toEqual([
      { nodeId: 'agent', name: 'add', args: { a: 2, b: 40 }, status: 'started' },
      { nodeId: 'agent', name: 'add', args: { a: 2, b: 40 }, status: 'finished', result: '42' },
    ]);
    expect(text).toContain('Result: 42');
  });

  it('feeds tool errors back to the model and stops at maxIterations', async () => {
    const model = new ScriptedModel(() => ({
      toolCalls: [{ id: 'c', name: 'fail', arguments: { a: 1, b: 1 } }],
    }));
    const { done, events } = await run(
      single({
        id: 'agent',
        type: 'agent',
        config: { tools: [{ server: 'math', tools: ['fail'] }], maxIterations: 3 },
      }),
      'go',
      {
        resolveModel: () => model,
      },
    );
    expect(model.requests).toHaveLength(3);
    expect(model.requests[1].messages.at(-1)).toMatchObject({ role: 'tool', content: 'Error: nope' });
    expect(model.requests[0].tools?.map((t) => t.name)).toEqual(['fail']);
    expect(done?.status).toBe('failed');
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'agent_max_iterations' });
  });

  it('fails with tool_not_found for an unknown server', async () => {
    const { events } = await run(
      single({ id: 'agent', type: 'agent', config: { tools: [{ server: 'nowhere' }] } }),
      'x',
    );
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({
      code: 'tool_not_found',
      nodeId: 'agent',
    });
  });
});

describe('tool_call executor', () => {
  it('renders templated args, calls the tool and stores the result', async () => {
    const { text } = await run(
      {
        entry: 'sum',
        variables: { base: { type: 'number', default: 40 } },
        nodes: [
          {
            id: 'sum',
            type: 'tool_call',
            config: { server: 'math', tool: 'add', args: { a: '{{vars.base}}', b: '{{input}}' } },
          },
          { id: 'out', type: 'answer', config: { text: 'sum={{nodes.sum.output}}' } },
        ],
        edges: [
          { from: 'sum', to: 'out' },
          { from: 'out', to: '__end__' },
        ],
      },
      '2',
    );
    expect(text).toBe('sum=42');
  });

  it('turns an isError result into a tool_error node failure', async () => {
    const { events } = await run(
      single({ id: 'x', type: 'tool_call', config: { server: 'math', tool: 'fail', args: { a: 1, b: 2 } } }),
      '',
    );
    expect(toolEvents(events).at(-1)).toMatchObject({ status: 'failed', result: 'nope' });
    expect(events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'tool_error', nodeId: 'x' });
  });
});

describe('http_request executor', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/json') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ method: req.method, auth: req.headers['x-token'] ?? null }));
      } else {
        res.statusCode = 503;
        res.end('down');
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const httpNode = (url: string, extra: Record<string, unknown> = {}) =>
    single({
      id: 'call',
      type: 'http_request',
      config: { url, method: 'POST', headers: { 'x-token': '{{vars.token}}' }, body: '{{input}}', ...extra },
    });

  it('is blocked by the SSRF guard on loopback unless private networks are allowed', async () => {
    const blocked = await run(httpNode(`${base}/json`), 'x');
    expect(blocked.events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'ssrf_blocked' });
    const def = {
      ...httpNode(`${base}/json`),
      variables: { token: { type: 'string' as const, default: 's3cret' } },
    };
    const allowed = await collectRun(
      runWorkflow(compileWorkflow(def, { ssrf: { allowPrivateNetwork: true } }), {
        input: 'x',
        threadId: 'h',
      }),
    );
    expect(allowed.done?.status).toBe('completed');
  });

  it('parses JSON responses and fails on HTTP errors unless told not to', async () => {
    const opts: CompileOptions = { ssrf: { allowPrivateNetwork: true } };
    const ok = await run(
      {
        ...httpNode(`${base}/json`),
        variables: { token: { type: 'string', default: 'abc' } },
        nodes: [
          ...httpNode(`${base}/json`).nodes,
          {
            id: 'out',
            type: 'answer',
            config: { text: '{{nodes.call.output.body.method}} {{nodes.call.output.body.auth}}' },
          },
        ],
        edges: [
          { from: 'call', to: 'out' },
          { from: 'out', to: '__end__' },
        ],
      },
      'x',
      opts,
    );
    expect(ok.text).toBe('POST abc');
    const bad = await run(httpNode(`${base}/down`), 'x', opts);
    expect(bad.events.find((e) => e.type === 'error')?.data).toMatchObject({ code: 'http_status' });
    const tolerated = await run(httpNode(`${base}/down`, { failOnHttpError: false }), 'x', opts);
    expect(tolerated.done?.status).toBe('completed');
  });
});

describe('matchLabel', () => {
  it('matches exact, quoted, punctuated and contained answers case-insensitively', () => {
    const labels = ['tech', 'billing', 'other'];
    expect(matchLabel(' "Tech". ', labels)).toBe('tech');
    expect(matchLabel('The label is billing', labels)).toBe('billing');
    expect(matchLabel('tech or billing', labels)).toBeUndefined();
    expect(matchLabel('technical', labels)).toBeUndefined();
  });
});

describe('code executor (QuickJS sandbox)', () => {
  const codeFlow = (code: string, extra: Record<string, unknown> = {}): WorkflowDefinitionInput => ({
    entry: 'calc',
    variables: { factor: { type: 'number', default: 3 } },
    nodes: [
      { id: 'calc', type: 'code', config: { code, ...extra } },
      { id: 'out', type: 'answer', config: { text: '{{nodes.calc.output}}' } },
    ],
    edges: [
      { from: 'calc', to: 'out' },
      { from: 'out', to: '__end__' },
    ],
  });
  const errorOf = (events: RunEvent[]) => events.find((e) => e.type === 'error')?.data;

  it('sees a copy of the state and returns JSON', async () => {
    const { text } = await run(
      codeFlow('return { words: input.input.split(" ").length * input.vars.factor };'),
      'one two',
    );
    expect(JSON.parse(text)).toEqual({ words: 6 });
  });

  it('stops an infinite loop with code_timeout', async () => {
    const t0 = Date.now();
    const { events } = await run(codeFlow('while (true) {}', { timeLimitMs: 100 }), '');
    expect(errorOf(events)).toMatchObject({ code: 'code_timeout', nodeId: 'calc' });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('stops a memory bomb with code_memory', async () => {
    const { events } = await run(
      codeFlow('const a = []; while (true) a.push("x".repeat(100000));', {
        memoryLimitMb: 16,
        timeLimitMs: 5000,
      }),
      '',
    );
    expect(errorOf(events)).toMatchObject({ code: 'code_memory' });
  });

  it('has no require, process or network', async () => {
    const { events } = await run(codeFlow('return require("fs").readFileSync("/etc/passwd", "utf8");'), '');
    expect(errorOf(events)).toMatchObject({ code: 'code_error' });
    const probe = await run(
      codeFlow('return [typeof process, typeof fetch, typeof require, typeof setTimeout].join(",");'),
      '',
    );
    expect(probe.text).toBe('undefined,undefined,undefined,undefined');
  });
});
