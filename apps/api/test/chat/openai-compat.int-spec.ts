import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import OpenAI from 'openai';
import type { TestApp } from '../helpers/test-app';
import {
  auth,
  baseUrl,
  type ChatCast,
  createChatCast,
  createChatTestApp,
  LLM_DEFINITION,
  publishAgent,
  useMockAsDefaultLlm,
} from './chat-test.fixtures';

describe('OpenAI-compatible API (/v1) with the official openai client', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  let agent: { id: string; slug: string };
  let client: OpenAI;

  beforeAll(async () => {
    llm = await startMockOpenAI();
    t = await createChatTestApp();
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
    agent = await publishAgent(t, c.owner);
    const key = await t.createApiKey(c.user);
    client = new OpenAI({ apiKey: key, baseURL: `${await baseUrl(t)}/v1`, maxRetries: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  it('lists the installed published agents as models', async () => {
    expect((await client.models.list()).data).toEqual([]);
    await t
      .http()
      .post(`/api/store/agents/${agent.id}/install`)
      .set(auth(c.user))
      .expect((r) => {
        if (r.status >= 300) throw new Error(`install ${r.status}`);
      });
    const ids = [];
    for await (const m of client.models.list()) ids.push(m.id);
    expect(ids).toEqual([agent.slug]);
  });

  it('answers non-streaming with usage; the earlier messages are the history', async () => {
    const res = await client.chat.completions.create({
      model: agent.slug,
      messages: [
        { role: 'user', content: 'My name is Ada.' },
        { role: 'assistant', content: 'Hello Ada.' },
        { role: 'user', content: 'What is my name?' },
      ],
    });
    expect(res.object).toBe('chat.completion');
    expect(res.choices[0]!.message).toMatchObject({
      role: 'assistant',
      content: 'Mock answer to: What is my name?',
    });
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.usage!.total_tokens).toBe(res.usage!.prompt_tokens + res.usage!.completion_tokens);
    expect(res.usage!.completion_tokens).toBeGreaterThan(0);
    const sent = llm.requests.at(-1)!.messages.map((m) => String(m.content));
    expect(sent).toEqual(expect.arrayContaining(['My name is Ada.', 'Hello Ada.']));
    // Recorded as a run of the caller.
    const runId = res.id.replace('chatcmpl-', '');
    expect((await t.http().get(`/api/runs/${runId}`).set(auth(c.user))).body.status).toBe('completed');
  });

  it('streams OpenAI chunks ending with [DONE], with usage when asked, for slug@version', async () => {
    const stream = await client.chat.completions.create({
      model: `${agent.slug}@1.0.0`,
      messages: [{ role: 'user', content: 'stream please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Mock answer to: stream please');
    expect(finish).toBe('stop');
    expect(usage!.prompt_tokens).toBeGreaterThan(0);

    const raw = await fetch(`${await baseUrl(t)}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: agent.slug, stream: true, messages: [{ role: 'user', content: 'x' }] }),
    });
    expect((await raw.text()).trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('refuses a published agent the caller has not installed (not in its /v1/models) as model_not_found', async () => {
    const otherClient = new OpenAI({
      apiKey: await t.createApiKey(c.other),
      baseURL: `${await baseUrl(t)}/v1`,
      maxRetries: 0,
    });
    expect((await otherClient.models.list()).data).toEqual([]);
    await expect(
      otherClient.chat.completions.create({ model: agent.slug, messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    // After installing, the same key can use it.
    await t.http().post(`/api/store/agents/${agent.id}/install`).set(auth(c.other)).expect(200);
    expect((await otherClient.models.list()).data.map((m) => m.id)).toEqual([agent.slug]);
    const res = await otherClient.chat.completions.create({
      model: agent.slug,
      messages: [{ role: 'user', content: 'now installed' }],
    });
    expect(res.choices[0]!.message.content).toBe('Mock answer to: now installed');
  });

  it('answers errors in the OpenAI shape', async () => {
    await expect(
      client.chat.completions.create({ model: 'no-such-agent', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    await expect(
      client.chat.completions.create({
        model: `${agent.slug}@9.9.9`,
        messages: [{ role: 'user', content: 'x' }],
      }),
    ).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(client.chat.completions.create({ model: agent.slug, messages: [] })).rejects.toMatchObject({
      status: 400,
      param: 'messages',
      type: 'invalid_request_error',
    });
    await expect(
      client.chat.completions.create({
        model: agent.slug,
        messages: [{ role: 'system', content: 'only system' }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      param: 'messages',
      message: expect.stringContaining('user message'),
    });
    const anonymous = new OpenAI({ apiKey: 'ahk_wrong', baseURL: client.baseURL, maxRetries: 0 });
    await expect(anonymous.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const noAuth = await t.http().get('/v1/models');
    expect(noAuth.status).toBe(401);
    expect(noAuth.body.error).toMatchObject({ type: 'authentication_error', code: expect.any(String) });
  });
  describe('model parameters', () => {
    let limited: { id: string; slug: string };

    beforeAll(async () => {
      // An agent whose own parameters are temperature 0.9 and a 50-token ceiling.
      const created = await t.http().post('/api/agents').set(auth(c.owner)).send({ name: 'Param agent' });
      limited = { id: created.body.id as string, slug: created.body.slug as string };
      await t
        .http()
        .put(`/api/agents/${limited.id}/workflow`)
        .set(auth(c.owner))
        .send({ definition: LLM_DEFINITION, modelParamsOverride: { temperature: 0.9, maxTokens: 50 } })
        .expect(200);
      await t
        .http()
        .post(`/api/agents/${limited.id}/publish`)
        .set(auth(c.owner))
        .send({ version: '1.0.0' })
        .expect(201);
      await t.http().post(`/api/store/agents/${limited.id}/install`).set(auth(c.user)).expect(200);
    });

    it('sends the agent parameters when the request has none', async () => {
      await client.chat.completions.create({
        model: limited.slug,
        messages: [{ role: 'user', content: 'plain' }],
      });
      expect(llm.requests.at(-1)!.raw).toMatchObject({ temperature: 0.9, max_tokens: 50 });
      expect(llm.requests.at(-1)!.raw).not.toHaveProperty('stop');
    });

    it('lets temperature, top_p and stop override them and clamps max_tokens to the agent ceiling', async () => {
      const res = await client.chat.completions.create({
        model: limited.slug,
        messages: [{ role: 'user', content: 'tuned' }],
        temperature: 0.2,
        top_p: 0.5,
        max_tokens: 500,
        stop: ['END'],
      });
      expect(res.choices[0]!.message.content).toBe('Mock answer to: tuned');
      expect(llm.requests.at(-1)!.raw).toMatchObject({
        temperature: 0.2,
        top_p: 0.5,
        max_tokens: 50,
        stop: ['END'],
      });

      const stream = await client.chat.completions.create({
        model: limited.slug,
        messages: [{ role: 'user', content: 'tuned stream' }],
        stream: true,
        max_tokens: 20,
        stop: 'STOP',
      });
      for await (const chunk of stream) void chunk;
      expect(llm.requests.at(-1)!.raw).toMatchObject({ temperature: 0.9, max_tokens: 20, stop: ['STOP'] });
    });

    const refused = (extra: Record<string, unknown>) =>
      client.chat.completions.create({
        model: limited.slug,
        messages: [{ role: 'user', content: 'x' }],
        ...extra,
      } as OpenAI.ChatCompletionCreateParamsNonStreaming);

    it('refuses out-of-range values with 400 and the field', async () => {
      await expect(refused({ temperature: 3 })).rejects.toMatchObject({
        status: 400,
        param: 'temperature',
        type: 'invalid_request_error',
      });
      await expect(refused({ max_tokens: 0 })).rejects.toMatchObject({ status: 400, param: 'max_tokens' });
    });

    it('refuses parameters it cannot honour as unsupported_parameter with the field, before any model call', async () => {
      const calls = llm.requests.length;
      const cases: Array<[string, Record<string, unknown>]> = [
        ['n', { n: 2 }],
        ['tools', { tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }],
        ['response_format', { response_format: { type: 'json_object' } }],
        ['logprobs', { logprobs: true }],
      ];
      for (const [param, extra] of cases)
        await expect(refused(extra)).rejects.toMatchObject({
          status: 400,
          code: 'unsupported_parameter',
          param,
        });
      expect(llm.requests.length).toBe(calls);
      // The defaults clients send are fine.
      const ok = await client.chat.completions.create({
        model: limited.slug,
        messages: [{ role: 'user', content: 'defaults' }],
        n: 1,
        response_format: { type: 'text' },
        user: 'someone',
      });
      expect(ok.choices[0]!.message.content).toBe('Mock answer to: defaults');
    });
  });
});
