import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  publishAgent,
  useMockAsDefaultLlm,
} from './chat-test.fixtures';

describe('chat limits: daily token quota and run rate (429 before a run starts)', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  let agent: { id: string };
  const saved = { q: process.env.CHAT_DAILY_TOKEN_QUOTA, r: process.env.CHAT_RUNS_PER_MINUTE };

  beforeAll(async () => {
    Object.assign(process.env, { CHAT_DAILY_TOKEN_QUOTA: '50', CHAT_RUNS_PER_MINUTE: '3' });
    llm = await startMockOpenAI();
    t = await createChatTestApp();
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
    agent = await publishAgent(t, c.owner);
  });
  afterAll(async () => {
    for (const [name, value] of [
      ['CHAT_DAILY_TOKEN_QUOTA', saved.q],
      ['CHAT_RUNS_PER_MINUTE', saved.r],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await t?.close();
    await llm?.close();
  });

  const countMessages = async (chatId: string) =>
    (await t.http().get(`/api/chats/${chatId}/messages`).set(auth(c.user))).body.items.length as number;

  it('refuses a message once the daily token quota is used, storing nothing', async () => {
    const chat = await createChat(t, c.user, agent.id);
    llm.setResponder(() => ({ content: 'big', usage: { prompt_tokens: 40, completion_tokens: 20 } }));
    await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'one' })
      .expect(201);
    const refused = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'two' });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('quota_exceeded');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countMessages(chat.id)).toBe(2);
    // Other users have their own quota; foreign chats stay 404 whatever the quota.
    const other = await createChat(t, c.other, agent.id);
    expect(
      (await t.http().post(`/api/chats/${chat.id}/messages`).set(auth(c.other)).send({ content: 'x' }))
        .status,
    ).toBe(404);
    llm.reset();
    await t
      .http()
      .post(`/api/chats/${other.id}/messages`)
      .set(auth(c.other))
      .send({ content: 'x' })
      .expect(201);
  });

  it('limits how many runs a user starts per minute', async () => {
    const chat = await createChat(t, c.admin, agent.id);
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.admin))
        .send({ content: `m${i}` })
        .expect(201);
    const limited = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.admin))
      .send({ content: 'm3' });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(limited.headers['retry-after']).toBeDefined();
  });
});
