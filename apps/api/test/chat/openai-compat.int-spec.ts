import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import OpenAI from 'openai';
import type { TestApp } from '../helpers/test-app';
import {
  auth,
  baseUrl,
  type ChatCast,
  createChatCast,
  createChatTestApp,
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
});
