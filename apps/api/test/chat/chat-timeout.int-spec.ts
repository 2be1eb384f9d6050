import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  dataOf,
  publishAgent,
  sse,
  useMockAsDefaultLlm,
} from './chat-test.fixtures';

describe('chat run time limit (RUN_TIMEOUT_MS)', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;

  beforeAll(async () => {
    llm = await startMockOpenAI();
    // Read at boot by the runtime and the queue alike.
    t = await createChatTestApp({ env: { RUN_TIMEOUT_MS: '1000' } });
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  it('fails a run that takes too long: error + done failed, reply failed with its partial text', async () => {
    const agent = await publishAgent(t, c.owner);
    const chat = await createChat(t, c.user, agent.id);
    llm.setResponder(() => ({
      content: Array.from({ length: 40 }, (_, i) => `t${i}`).join(' '),
      tokenDelayMs: 100,
    }));
    const started = Date.now();
    const result = await sse(t, c.user, 'POST', `/api/chats/${chat.id}/messages`, { content: 'slow' });
    expect(Date.now() - started).toBeLessThan(4000);
    const types = result.events.map((e) => e.event);
    expect(types.slice(-2)).toEqual(['error', 'done']);
    expect(dataOf(result.events.at(-2)!).code).toBe('timeout');
    expect(dataOf(result.events.at(-1)!).status).toBe('failed');
    const reply = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body.items[1];
    expect(reply).toMatchObject({ status: 'failed', metadata: { error: { code: 'timeout' } } });
    expect(reply.content.startsWith('t0')).toBe(true);
    // The chat is usable again.
    llm.reset();
    await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'quick' })
      .expect(201);
  });
});
