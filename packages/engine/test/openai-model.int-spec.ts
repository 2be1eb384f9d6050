import { startMockOpenAI, type MockOpenAIServer } from '@agenthub/testkit';
import { compileWorkflow } from '../src/compiler/compile-workflow.js';
import { createModel } from '../src/models/model-factory.js';
import type { ModelPort } from '../src/models/model.port.js';
import { collectRun, runWorkflow } from '../src/run/run-workflow.js';

/** Both implementations of the openai_compatible provider against a real loopback HTTP server. */
describe.each(['sdk', 'langchain'] as const)('openai_compatible model (%s)', (implementation) => {
  let mock: MockOpenAIServer;
  let model: ModelPort;
  beforeAll(async () => {
    mock = await startMockOpenAI({ apiKey: 'sk-test' });
  });
  beforeEach(() => {
    mock.reset();
    model = createModel({
      kind: 'openai_compatible',
      implementation,
      baseURL: mock.baseURL,
      apiKey: 'sk-test',
      model: 'mock-model',
      maxRetries: 0,
    });
  });
  afterAll(() => mock.close());

  it('streams tokens and reports the usage the server sent', async () => {
    const tokens: string[] = [];
    const result = await model.stream(
      { messages: [{ role: 'user', content: 'tell me about tea' }] },
      { onToken: (t) => tokens.push(t) },
    );
    expect(result.text).toBe('Mock answer to: tell me about tea');
    expect(tokens.length).toBeGreaterThan(3);
    expect(tokens.join('')).toBe(result.text);
    expect(result.usage.promptTokens).toBeGreaterThan(0);
    expect(result.usage.completionTokens).toBeGreaterThan(0);
    expect(mock.requests[0].streamOptions).toEqual({ include_usage: true });
  });

  it('returns tool calls with parsed arguments and sends tool results back', async () => {
    mock.setResponder((req) =>
      req.messages.some((m) => m.role === 'tool')
        ? { content: 'The sum is 5' }
        : { toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }] },
    );
    const tools = [
      {
        name: 'add',
        description: 'add',
        parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
      },
    ];
    const first = await model.stream({ messages: [{ role: 'user', content: 'add 2 and 3' }], tools });
    expect(first.toolCalls).toEqual([{ id: expect.any(String), name: 'add', arguments: { a: 2, b: 3 } }]);
    const second = await model.stream({
      messages: [
        { role: 'user', content: 'add 2 and 3' },
        { role: 'assistant', content: '', toolCalls: first.toolCalls },
        { role: 'tool', content: '5', toolCallId: first.toolCalls[0].id },
      ],
      tools,
    });
    expect(second.text).toBe('The sum is 5');
    expect(mock.requests[1].messages.at(-1)).toMatchObject({
      role: 'tool',
      tool_call_id: first.toolCalls[0].id,
    });
  });

  it('turns provider errors into model_error', async () => {
    mock.setResponder(() => ({ error: { status: 400, message: 'bad model' } }));
    await expect(model.stream({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      code: 'model_error',
    });
  });

  it('aborts a slow stream through the signal', async () => {
    mock.setResponder(() => ({ content: 'slow '.repeat(50), tokenDelayMs: 50 }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const t0 = Date.now();
    await expect(
      model.stream({ messages: [{ role: 'user', content: 'x' }] }, { signal: controller.signal }),
    ).rejects.toBeDefined();
    expect(Date.now() - t0).toBeLessThan(1500);
  });
});

describe.each(['sdk', 'langchain'] as const)(
  'openai_compatible (%s) without stream_options',
  (implementation) => {
    it('works against a server that rejects stream_options when streamUsage is off, with no offline token-counting delay', async () => {
      const mock = await startMockOpenAI({ rejectStreamOptions: true });
      try {
        const on = createModel({
          kind: 'openai_compatible',
          implementation,
          baseURL: mock.baseURL,
          model: 'm',
          maxRetries: 0,
        });
        await expect(on.stream({ messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
          code: 'model_error',
        });
        const off = createModel({
          kind: 'openai_compatible',
          implementation,
          baseURL: mock.baseURL,
          model: 'm',
          streamUsage: false,
          maxRetries: 0,
        });
        const t0 = Date.now();
        const result = await off.stream({ messages: [{ role: 'user', content: 'hello' }] });
        expect(Date.now() - t0).toBeLessThan(1000);
        expect(result.text).toBe('Mock answer to: hello');
      } finally {
        await mock.close();
      }
    });
  },
);

describe('llm node over the mock server', () => {
  it('emits message deltas and the run usage in done', async () => {
    const mock = await startMockOpenAI();
    try {
      const model = createModel({ kind: 'openai_compatible', baseURL: mock.baseURL, model: 'mock-model' });
      const compiled = compileWorkflow(
        {
          entry: 'chat',
          nodes: [
            { id: 'chat', type: 'llm', config: { system: 'Be nice.', prompt: '{{input}}', stream: true } },
          ],
          edges: [{ from: 'chat', to: '__end__' }],
        },
        { resolveModel: () => model },
      );
      const { events, done, text } = await collectRun(
        runWorkflow(compiled, {
          input: 'hi there',
          threadId: 'r1',
          history: [
            { role: 'user', content: 'earlier' },
            { role: 'assistant', content: 'ok' },
          ],
        }),
      );
      expect(text).toBe('Mock answer to: hi there');
      expect(events.filter((e) => e.type === 'message').length).toBeGreaterThan(2);
      expect(done?.usage.completionTokens).toBeGreaterThan(0);
      expect(done?.nodeUsage?.chat).toEqual(done?.usage);
      expect(mock.requests[0].messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    } finally {
      await mock.close();
    }
  });
});
