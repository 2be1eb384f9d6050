import { request } from 'node:http';
import OpenAI from 'openai';
import {
  MOCK_EMBEDDING_DIMENSIONS,
  mockEmbedding,
  startMockOpenAI,
  type MockOpenAIServer,
} from './mock-openai.server';
import { collectSse } from './sse-reader.util';

describe('startMockOpenAI with the official openai client', () => {
  let mock: MockOpenAIServer;
  let client: OpenAI;

  beforeAll(async () => {
    mock = await startMockOpenAI();
    client = new OpenAI({ apiKey: 'sk-test', baseURL: mock.baseURL, maxRetries: 0 });
  });
  afterEach(() => mock.reset());
  afterAll(() => mock.close());

  it('listens on loopback and lists models', async () => {
    expect(mock.baseURL).toBe(`http://127.0.0.1:${mock.port}/v1`);
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['mock-model']);
  });

  it('answers a non-streaming request with the default responder and usage', async () => {
    const res = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'What is two plus two?' },
      ],
    });
    expect(res.object).toBe('chat.completion');
    expect(res.model).toBe('gpt-test');
    expect(res.choices[0].message.content).toBe('Mock answer to: What is two plus two?');
    expect(res.choices[0].finish_reason).toBe('stop');
    // 'Mock answer to: What is two plus two?' = 8 word tokens; prompt = 3 + 5 words.
    expect(res.usage).toEqual({ prompt_tokens: 8, completion_tokens: 8, total_tokens: 16 });
    expect(mock.callCount).toBe(1);
    expect(mock.requests[0]).toMatchObject({ model: 'gpt-test', stream: false });
    expect(mock.requests[0].messages).toHaveLength(2);
  });

  it('streams word tokens and a final usage chunk with empty choices when include_usage is set', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-test',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello there' }] }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | null | undefined;
    let usageChunkChoices = -1;
    for await (const chunk of stream) {
      if (chunk.usage) {
        usage = chunk.usage;
        usageChunkChoices = chunk.choices.length;
      }
      for (const c of chunk.choices) {
        if (c.delta.content) deltas.push(c.delta.content);
        if (c.finish_reason) finish = c.finish_reason;
      }
    }
    expect(deltas).toEqual(['Mock', ' answer', ' to:', ' hello', ' there']);
    expect(finish).toBe('stop');
    expect(usage).toEqual({ prompt_tokens: 2, completion_tokens: 5, total_tokens: 7 });
    expect(usageChunkChoices).toBe(0);
    expect(mock.requests[0].streamOptions).toEqual({ include_usage: true });
  });

  it('sends no usage chunk when the client did not ask for it, and ends with [DONE]', async () => {
    const res = await fetch(`${mock.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = await collectSse(res);
    expect(events[events.length - 1].data).toBe('[DONE]');
    const chunks = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.data) as { choices: unknown[]; usage?: unknown });
    expect(chunks.every((c) => c.choices.length === 1 && c.usage === undefined)).toBe(true);
  });

  it('streams tool calls that the client helper reassembles, with finish_reason tool_calls', async () => {
    mock.setResponder((req, i) => {
      expect(req.tools).toHaveLength(1);
      expect(i).toBe(0);
      return {
        toolCalls: [
          { name: 'search', arguments: { q: 'mcp servers' } },
          { name: 'add', arguments: { a: 1, b: 2 } },
        ],
        usage: { prompt_tokens: 11, completion_tokens: 22 },
      };
    });
    const runner = client.chat.completions.stream({
      model: 'gpt-test',
      messages: [{ role: 'user', content: 'find things' }],
      tools: [
        {
          type: 'function',
          function: { name: 'search', parameters: { type: 'object', properties: { q: { type: 'string' } } } },
        },
      ],
      stream_options: { include_usage: true },
    });
    const final = await runner.finalChatCompletion();
    const msg = final.choices[0].message;
    expect(final.choices[0].finish_reason).toBe('tool_calls');
    expect(
      msg.tool_calls?.map(
        (t) => t.type === 'function' && [t.function.name, JSON.parse(t.function.arguments)],
      ),
    ).toEqual([
      ['search', { q: 'mcp servers' }],
      ['add', { a: 1, b: 2 }],
    ]);
    expect(new Set(msg.tool_calls?.map((t) => t.id)).size).toBe(2);
    expect(final.usage).toEqual({ prompt_tokens: 11, completion_tokens: 22, total_tokens: 33 });
  });

  it('returns tool calls in a non-streaming response', async () => {
    mock.setResponder(() => ({ toolCalls: [{ name: 'echo', arguments: { text: 'x' } }] }));
    const res = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    const call = res.choices[0].message.tool_calls?.[0];
    expect(res.choices[0].message.content).toBeNull();
    expect(call?.type === 'function' && call.function).toEqual({ name: 'echo', arguments: '{"text":"x"}' });
    expect(res.choices[0].finish_reason).toBe('tool_calls');
  });

  it('feeds call indexes and recorded tool results to the responder (agent loop)', async () => {
    mock.setResponder((req, i) =>
      i === 0
        ? { toolCalls: [{ name: 'add', arguments: { a: 2, b: 3 } }] }
        : { content: `The tool said ${String(req.messages[req.messages.length - 1].content)}` },
    );
    const first = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'add' }],
    });
    const call = first.choices[0].message.tool_calls![0];
    const second = await client.chat.completions.create({
      model: 'm',
      messages: [
        { role: 'user', content: 'add' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: call.id, content: '5' },
      ],
    });
    expect(second.choices[0].message.content).toBe('The tool said 5');
    expect(mock.requests[1].messages[2]).toMatchObject({ role: 'tool', tool_call_id: call.id });
    expect(mock.callCount).toBe(2);
  });

  it('maps responder errors to OpenAI error bodies', async () => {
    mock.setResponder(() => ({ error: { status: 429, message: 'slow down' } }));
    await expect(
      client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      status: 429,
      message: expect.stringContaining('slow down'),
    });
  });

  it('reset restores the default responder and clears the request log', async () => {
    mock.setResponder(() => ({ content: 'custom' }));
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] });
    mock.reset();
    expect(mock.callCount).toBe(0);
    expect(mock.requests).toHaveLength(0);
    const res = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
    });
    expect(res.choices[0].message.content).toBe('Mock answer to: x');
  });

  it('survives a client that aborts mid-stream and keeps serving', async () => {
    mock.setResponder(() => ({ content: 'one two three four five six seven eight', tokenDelayMs: 30 }));
    const ac = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: ac.signal },
    );
    const got: string[] = [];
    // The openai client ends the iteration quietly (or throws, depending on timing) once aborted.
    await (async () => {
      for await (const chunk of stream) {
        const t = chunk.choices[0]?.delta.content;
        if (t) got.push(t);
        if (got.length === 2) ac.abort();
      }
    })().catch(() => undefined);
    expect(got).toEqual(['one', ' two']);
    mock.reset();
    const res = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'still alive?' }],
    });
    expect(res.choices[0].message.content).toBe('Mock answer to: still alive?');
  });

  it('delays each token by tokenDelayMs', async () => {
    const started = Date.now();
    const stream = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'a b c' }],
      stream: true,
    });
    mock.setResponder(() => ({ content: 'x' }));
    for await (const _ of stream) void _;
    const fast = Date.now() - started;
    mock.setResponder(() => ({ content: 'a b c d', tokenDelayMs: 40 }));
    const t0 = Date.now();
    const slow = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'x' }],
      stream: true,
    });
    for await (const _ of slow) void _;
    // 4 tokens + role, finish and [DONE] frames, 40 ms apart.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(200);
    expect(fast).toBeLessThan(200);
  });

  it('answers 404 for unknown routes and 400 for malformed JSON without crashing', async () => {
    const bad = await fetch(`${mock.baseURL}/chat/completions`, { method: 'POST', body: '{not json' });
    expect(bad.status).toBe(400);
    const missing = await fetch(`${mock.baseURL}/images/generations`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(404);
  });

  it('serves deterministic embeddings for a string or a list of strings', async () => {
    const post = (body: unknown) =>
      fetch(`${mock.baseURL}/embeddings`, { method: 'POST', body: JSON.stringify(body) });
    const res = await post({ model: 'embed-1', input: ['red kettle', 'blue mug'] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Array<{ index: number; embedding: number[] }> };
    expect(body.data.map((d) => d.index)).toEqual([0, 1]);
    expect(body.data[0].embedding).toEqual(mockEmbedding('red kettle'));
    expect(body.data[0].embedding).toHaveLength(MOCK_EMBEDDING_DIMENSIONS);
    expect((await post({ input: 'one' })).status).toBe(200);
    expect((await post({ input: 42 })).status).toBe(400);
  });

  it('handles a raw socket that disconnects before sending the body', async () => {
    await new Promise<void>((resolve) => {
      const req = request({
        host: '127.0.0.1',
        port: mock.port,
        method: 'POST',
        path: '/v1/chat/completions',
        headers: { 'content-length': '100' },
      });
      req.on('error', () => resolve());
      req.write('{"model":');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 20);
    });
    const res = await client.chat.completions.create({
      model: 'm',
      messages: [{ role: 'user', content: 'ok' }],
    });
    expect(res.choices[0].message.content).toBe('Mock answer to: ok');
  });

  it('serves many concurrent streamed requests quickly', async () => {
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const s = await client.chat.completions.create({
          model: 'm',
          messages: [{ role: 'user', content: `question ${i}` }],
          stream: true,
          stream_options: { include_usage: true },
        });
        let text = '';
        for await (const c of s) text += c.choices[0]?.delta.content ?? '';
        expect(text).toBe(`Mock answer to: question ${i}`);
      }),
    );
    expect(mock.callCount).toBe(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('startMockOpenAI options', () => {
  it('rejects a wrong API key with 401 when apiKey is set', async () => {
    const mock = await startMockOpenAI({ apiKey: 'sk-right' });
    try {
      const wrong = new OpenAI({ apiKey: 'sk-wrong', baseURL: mock.baseURL, maxRetries: 0 });
      await expect(
        wrong.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }),
      ).rejects.toMatchObject({
        status: 401,
      });
      const right = new OpenAI({ apiKey: 'sk-right', baseURL: mock.baseURL, maxRetries: 0 });
      const res = await right.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
      });
      expect(res.choices[0].message.content).toBe('Mock answer to: x');
      expect(mock.callCount).toBe(1);
    } finally {
      await mock.close();
    }
  });

  it('rejects stream_options with 400 when rejectStreamOptions is set, like some compatible servers', async () => {
    const mock = await startMockOpenAI({
      rejectStreamOptions: true,
      responder: () => ({ content: 'plain' }),
    });
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: mock.baseURL, maxRetries: 0 });
      await expect(
        client.chat.completions.create({
          model: 'm',
          messages: [{ role: 'user', content: 'x' }],
          stream: true,
          stream_options: { include_usage: true },
        }),
      ).rejects.toMatchObject({ status: 400, message: expect.stringContaining('stream_options') });
      const s = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      let text = '';
      for await (const c of s) text += c.choices[0]?.delta.content ?? '';
      expect(text).toBe('plain');
    } finally {
      await mock.close();
    }
  });

  it('uses the server-wide tokenDelayMs and the given port', async () => {
    const first = await startMockOpenAI();
    const port = first.port;
    await first.close();
    const mock = await startMockOpenAI({ port, tokenDelayMs: 25, responder: () => ({ content: 'a b c d' }) });
    try {
      expect(mock.port).toBe(port);
      const client = new OpenAI({ apiKey: 'k', baseURL: mock.baseURL, maxRetries: 0 });
      const t0 = Date.now();
      const s = await client.chat.completions.create({
        model: 'm',
        messages: [{ role: 'user', content: 'x' }],
        stream: true,
      });
      for await (const _ of s) void _;
      expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
    } finally {
      await mock.close();
    }
  });
});
