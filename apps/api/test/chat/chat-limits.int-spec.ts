import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import type { TestApp, TestUser } from '../helpers/test-app';
import {
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  LLM_DEFINITION,
  publishAgent,
  useMockAsDefaultLlm,
} from './chat-test.fixtures';

describe('chat limits: daily token quota and run rate (429 before a run starts)', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  let agent: { id: string };

  beforeAll(async () => {
    llm = await startMockOpenAI();
    t = await createChatTestApp({ env: { CHAT_DAILY_TOKEN_QUOTA: '50', CHAT_RUNS_PER_MINUTE: '3' } });
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
    agent = await publishAgent(t, c.owner);
  });
  afterAll(async () => {
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

  it('applies the quota to retrying a failed run too (429, the run stays failed)', async () => {
    const fresh = await t.createUser(['user']);
    const chat = await createChat(t, fresh, agent.id);
    llm.setResponder(() => ({ error: { status: 400, message: 'upstream refused' } }));
    const failed = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(fresh))
      .send({ content: 'one' });
    expect(failed.body.run.status).toBe('failed');
    // Used up today's quota elsewhere (50 tokens).
    await t.db.query(`UPDATE workflow_executions SET prompt_tokens = 60 WHERE id = $1`, [failed.body.run.id]);
    llm.reset();
    const refused = await t.http().post(`/api/runs/${failed.body.run.id}/retry`).set(auth(fresh));
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('quota_exceeded');
    expect((await t.http().get(`/api/runs/${failed.body.run.id}`).set(auth(fresh))).body.status).toBe(
      'failed',
    );
    expect(llm.callCount).toBe(0);
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

describe('run limits on draft test runs (POST /api/agents/:id/test): the same checks as chat turns', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;

  beforeAll(async () => {
    llm = await startMockOpenAI();
    t = await createChatTestApp({ env: { CHAT_DAILY_TOKEN_QUOTA: '50', CHAT_RUNS_PER_MINUTE: '3' } });
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  const draftAgent = async (developer: TestUser) => {
    const created = await t
      .http()
      .post('/api/agents')
      .set(auth(developer))
      .send({ name: 'Draft under limits' });
    await t
      .http()
      .put(`/api/agents/${created.body.id}/workflow`)
      .set(auth(developer))
      .send({ definition: LLM_DEFINITION })
      .expect(200);
    return created.body.id as string;
  };
  const testRun = (developer: TestUser, agentId: string) =>
    t
      .http()
      .post(`/api/agents/${agentId}/test`)
      .set(auth(developer))
      .set('Accept', 'text/event-stream')
      .buffer(true)
      .send({ input: 'try it' });

  it('refuses a test run with 429 quota_exceeded and Retry-After once the developer used the daily quota', async () => {
    const developer = await t.createUser(['developer']);
    const agentId = await draftAgent(developer);
    llm.setResponder(() => ({ content: 'big', usage: { prompt_tokens: 40, completion_tokens: 20 } }));
    const first = await testRun(developer, agentId);
    expect(first.status).toBe(200);
    expect(first.text).toContain('event: done');
    const calls = llm.callCount;
    const refused = await testRun(developer, agentId);
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('quota_exceeded');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(llm.callCount).toBe(calls);
    // The test run's tokens count against chat turns too (one quota per user).
    const published = await publishAgent(t, developer, LLM_DEFINITION, '1.0.0', agentId);
    const chat = await createChat(t, developer, published.id);
    const turn = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(developer))
      .send({ content: 'x' });
    expect(turn.status).toBe(429);
    llm.reset();
  });

  it('counts test runs and chat turns together in the per-minute run rate', async () => {
    const developer = await t.createUser(['developer']);
    const agentId = await draftAgent(developer);
    llm.setResponder(() => ({ content: 'ok', usage: { prompt_tokens: 0, completion_tokens: 0 } }));
    expect((await testRun(developer, agentId)).status).toBe(200);
    expect((await testRun(developer, agentId)).status).toBe(200);
    const published = await publishAgent(t, developer, LLM_DEFINITION, '1.0.0', agentId);
    const chat = await createChat(t, developer, published.id);
    await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(developer))
      .send({ content: 'x' })
      .expect(201);
    const limited = await testRun(developer, agentId);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    llm.reset();
  });
});

describe('service-config limits (limits_config): all users of a config together, 429 before a run starts', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  let providerId: string;
  const SECRET = 'sk-limited-secret-987654';

  beforeAll(async () => {
    // Per-user limits off: only the service configs' limits apply here.
    llm = await startMockOpenAI();
    t = await createChatTestApp({ env: { CHAT_DAILY_TOKEN_QUOTA: '0', CHAT_RUNS_PER_MINUTE: '0' } });
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
    const providers = await t.http().get('/api/providers').set(auth(c.admin));
    providerId = (providers.body.items as Array<{ id: string; slug: string }>).find(
      (p) => p.slug === 'openai_compatible',
    )!.id;
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });

  /** A platform llm config on the loopback mock with the given limits. */
  const createConfig = async (name: string, limitsConfig: Record<string, number> | null) => {
    const res = await t
      .http()
      .post('/api/service-configs')
      .set(auth(c.admin))
      .send({
        providerId,
        name,
        scope: 'platform',
        configData: { baseURL: llm.baseURL, apiKey: SECRET, model: 'mock-model' },
        limitsConfig,
      });
    if (res.status !== 201) throw new Error(`config: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id as string;
  };
  /** One llm node bound to `configId` (its own services.llm), or to the platform default. */
  const agentOn = (configId: string | null) =>
    publishAgent(
      t,
      c.owner,
      configId
        ? { ...LLM_DEFINITION, nodes: [{ ...LLM_DEFINITION.nodes[0], services: { llm: configId } }] }
        : LLM_DEFINITION,
    );
  const post = async (user: TestUser, agentId: string, content: string) => {
    const chat = await createChat(t, user, agentId);
    return t.http().post(`/api/chats/${chat.id}/messages`).set(auth(user)).send({ content });
  };

  it('leaves agents on configs without limits alone', async () => {
    const unlimited = await createConfig('Unlimited LLM', null);
    const agent = await agentOn(unlimited);
    llm.setResponder(() => ({ content: 'ok', usage: { prompt_tokens: 5000, completion_tokens: 5000 } }));
    for (let i = 0; i < 3; i++) expect((await post(c.user, agent.id, `u${i}`)).status).toBe(201);
    // The trace records which config each model node used.
    const steps = await t.db.query<{ service_config_id: string | null }>(
      `SELECT s.service_config_id FROM workflow_execution_steps s
         JOIN workflow_executions r ON r.id = s.run_id WHERE r.agent_id = $1`,
      [agent.id],
    );
    expect(steps.map((s) => s.service_config_id)).toEqual([unlimited, unlimited, unlimited]);
    llm.reset();
  });

  it('refuses with 429 quota_exceeded once a config spent its tokensPerDay, for every user and on /v1', async () => {
    const limited = await createConfig('Small quota LLM', { tokensPerDay: 50 });
    const agent = await agentOn(limited);
    llm.setResponder(() => ({ content: 'big', usage: { prompt_tokens: 40, completion_tokens: 20 } }));
    expect((await post(c.user, agent.id, 'one')).status).toBe(201);

    const refused = await post(c.user, agent.id, 'two');
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('quota_exceeded');
    expect(refused.body.message).toContain('Small quota LLM');
    expect(JSON.stringify(refused.body)).not.toContain(SECRET);
    expect(JSON.stringify(refused.body)).not.toContain(llm.baseURL);
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(86_400);
    // Counted over all users of the config, not per user.
    const other = await post(c.other, agent.id, 'three');
    expect(other.status).toBe(429);
    expect(other.body.code).toBe('quota_exceeded');
    // The OpenAI-compatible API is limited the same way (OpenAI error shape).
    await t.http().post(`/api/store/agents/${agent.id}/install`).set(auth(c.other)).expect(200);
    const v1 = await t
      .http()
      .post('/v1/chat/completions')
      .set({ Authorization: `Bearer ${await t.createApiKey(c.other)}` })
      .send({ model: agent.slug, messages: [{ role: 'user', content: 'hi' }] });
    expect(v1.status).toBe(429);
    expect(v1.body.error.code).toBe('quota_exceeded');
    // Nothing was stored for the refused turns: one question and one reply only.
    const [{ n }] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM workflow_executions WHERE agent_id = $1`,
      [agent.id],
    );
    expect(n).toBe(1);
    llm.reset();
  });

  it('refuses with 429 rate_limited past requestsPerMinute, also for nodes on the platform default', async () => {
    const limited = await createConfig('One per minute LLM', { requestsPerMinute: 1 });
    await t.http().put(`/api/service-configs/${limited}/default`).set(auth(c.admin)).expect(200);
    const onDefault = await agentOn(null);
    const unaffected = await agentOn(await createConfig('Another unlimited LLM', null));
    expect((await post(c.user, onDefault.id, 'first')).status).toBe(201);

    const limitedRes = await post(c.other, onDefault.id, 'second');
    expect(limitedRes.status).toBe(429);
    expect(limitedRes.body.code).toBe('rate_limited');
    expect(limitedRes.body.message).toContain('One per minute LLM');
    const retryAfter = Number(limitedRes.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Agents whose nodes name another config are not held back by the default's limit.
    expect((await post(c.other, unaffected.id, 'elsewhere')).status).toBe(201);
  });
});
