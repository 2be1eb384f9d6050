import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  dataOf,
  eventTypes,
  LLM_DEFINITION,
  publishAgent,
  sse,
  useMockAsDefaultLlm,
} from './chat-test.fixtures';

describe('chats (inline queue)', () => {
  let t: TestApp;
  let c: ChatCast;
  let llm: MockOpenAIServer;
  let agent: { id: string; slug: string; versionId: string };

  beforeAll(async () => {
    llm = await startMockOpenAI();
    t = await createChatTestApp();
    c = await createChatCast(t);
    await useMockAsDefaultLlm(t, c.admin, llm);
    agent = await publishAgent(t, c.owner);
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });
  beforeEach(() => llm.reset());

  it('creates chats for every role, locked to the current published version', async () => {
    expect((await t.http().post('/api/chats').send({ agentId: agent.id })).status).toBe(401);
    for (const who of [c.user, c.owner, c.other, c.admin]) {
      const res = await t.http().post('/api/chats').set(auth(who)).send({ agentId: agent.id });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        agentId: agent.id,
        agentVersionId: agent.versionId,
        agentVersion: '1.0.0',
        archived: false,
      });
    }
  });

  it("carries the agent's Chinese name on every chat route (for a Chinese UI)", async () => {
    const created = await t
      .http()
      .post('/api/agents')
      .set(auth(c.owner))
      .send({ name: 'Bilingual helper', nameZh: '双语助手' });
    expect(created.status).toBe(201);
    const bilingual = await publishAgent(t, c.owner, undefined, '1.0.0', created.body.id as string);
    const chat = await t.http().post('/api/chats').set(auth(c.user)).send({ agentId: bilingual.id });
    expect(chat.body).toMatchObject({ agentName: 'Bilingual helper', agentNameZh: '双语助手' });
    const got = await t
      .http()
      .get(`/api/chats/${chat.body.id as string}`)
      .set(auth(c.user));
    expect(got.body).toMatchObject({ agentName: 'Bilingual helper', agentNameZh: '双语助手' });
    const list = await t.http().get('/api/chats').set(auth(c.user));
    const items = list.body.items as Array<{ id: string; agentNameZh: string | null }>;
    expect(items.find((i) => i.id === chat.body.id)?.agentNameZh).toBe('双语助手');
    // An agent without one: null, and the UI shows the default name.
    expect(items.find((i) => i.id !== chat.body.id)?.agentNameZh ?? null).toBeNull();
  });

  it('rejects bad input with field paths, unknown agents and unpublished versions', async () => {
    const bad = await t.http().post('/api/chats').set(auth(c.user)).send({ agentId: 'nope', version: 'x' });
    expect(bad.status).toBe(400);
    const paths = (bad.body.details as Array<{ path: string }>).map((d) => d.path).sort();
    expect(paths).toEqual(['body.agentId', 'body.version']);

    const unknown = await t
      .http()
      .post('/api/chats')
      .set(auth(c.user))
      .send({ agentId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('agent_not_found');

    const draftOnly = await t.http().post('/api/agents').set(auth(c.owner)).send({ name: 'Never published' });
    const unpublished = await t
      .http()
      .post('/api/chats')
      .set(auth(c.user))
      .send({ agentId: draftOnly.body.id });
    expect(unpublished.status).toBe(404);

    const noSuchVersion = await t
      .http()
      .post('/api/chats')
      .set(auth(c.user))
      .send({ agentId: agent.id, version: '9.9.9' });
    expect(noSuchVersion.status).toBe(404);
    expect(noSuchVersion.body.details[0].path).toBe('body.version');
  });

  it('keeps a chat on its version across a new publish and an archive; archived agents start none', async () => {
    const a = await publishAgent(t, c.owner, LLM_DEFINITION, '1.0.0');
    const old = await createChat(t, c.user, a.id);
    const next = await publishAgent(
      t,
      c.owner,
      { ...LLM_DEFINITION, nodes: [{ id: 'answer', type: 'answer', config: { text: 'v2 says hi' } }] },
      '2.0.0',
      a.id,
    );
    expect(next.versionId).not.toBe(old.agentVersionId);

    const fresh = await createChat(t, c.user, a.id);
    expect(fresh.agentVersion).toBe('2.0.0');
    const pinned = await createChat(t, c.user, a.id, '1.0.0');
    expect(pinned.agentVersionId).toBe(old.agentVersionId);

    const oldTurn = await t
      .http()
      .post(`/api/chats/${old.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'hello' });
    expect(oldTurn.status).toBe(201);
    expect(oldTurn.body.assistantMessage.content).toBe('Mock answer to: hello');
    expect(oldTurn.body.assistantMessage.metadata.agentVersion).toBe('1.0.0');
    const newTurn = await t
      .http()
      .post(`/api/chats/${fresh.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'hello' });
    expect(newTurn.body.assistantMessage.content).toBe('v2 says hi');

    expect((await t.http().post(`/api/agents/${a.id}/archive`).set(auth(c.owner))).status).toBeLessThan(300);
    const refused = await t.http().post('/api/chats').set(auth(c.user)).send({ agentId: a.id });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('agent_archived');
    const still = await t
      .http()
      .post(`/api/chats/${old.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'again' });
    expect(still.status).toBe(201);
    expect(still.body.assistantMessage.status).toBe('completed');
  });

  it('lists my chats newest activity first, searches titles, renames, archives and soft-deletes', async () => {
    const u = await t.createUser(['user']);
    const first = await createChat(t, u, agent.id);
    const second = await createChat(t, u, agent.id);
    await t.http().patch(`/api/chats/${first.id}`).set(auth(u)).send({ title: 'Trip to Kyoto' }).expect(200);
    // Activity in the second chat puts it first.
    await t.http().post(`/api/chats/${second.id}/messages`).set(auth(u)).send({ content: 'hi' }).expect(201);

    const list = await t.http().get('/api/chats').set(auth(u));
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([second.id, first.id]);

    const found = await t.http().get('/api/chats?q=kyoto').set(auth(u));
    expect(found.body.items.map((x: { id: string }) => x.id)).toEqual([first.id]);
    expect(found.body.items[0].agentName).toEqual(expect.any(String));

    const archived = await t.http().patch(`/api/chats/${first.id}`).set(auth(u)).send({ archived: true });
    expect(archived.body.archived).toBe(true);
    const emptyPatch = await t.http().patch(`/api/chats/${first.id}`).set(auth(u)).send({});
    expect(emptyPatch.status).toBe(400);
    const badPage = await t.http().get('/api/chats?pageSize=1000').set(auth(u));
    expect(badPage.status).toBe(400);
    expect(badPage.body.details[0].path).toBe('query.pageSize');

    await t.http().delete(`/api/chats/${first.id}`).set(auth(u)).expect(204);
    expect((await t.http().get(`/api/chats/${first.id}`).set(auth(u))).status).toBe(404);
    expect((await t.http().get('/api/chats').set(auth(u))).body.total).toBe(1);
  });

  it("hides other users' chats, messages and runs (404), admins included", async () => {
    const chat = await createChat(t, c.user, agent.id);
    const turn = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'x' });
    const runId = turn.body.run.id as string;
    for (const who of [c.other, c.admin]) {
      expect((await t.http().get(`/api/chats/${chat.id}`).set(auth(who))).status).toBe(404);
      expect((await t.http().patch(`/api/chats/${chat.id}`).set(auth(who)).send({ title: 'x' })).status).toBe(
        404,
      );
      expect((await t.http().delete(`/api/chats/${chat.id}`).set(auth(who))).status).toBe(404);
      expect((await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(who))).status).toBe(404);
      expect(
        (await t.http().post(`/api/chats/${chat.id}/messages`).set(auth(who)).send({ content: 'x' })).status,
      ).toBe(404);
      expect((await t.http().post(`/api/runs/${runId}/cancel`).set(auth(who))).status).toBe(404);
      expect((await t.http().get(`/api/runs/${runId}/stream`).set(auth(who))).status).toBe(404);
      expect(
        (await t.http().post(`/api/runs/${runId}/resume`).set(auth(who)).send({ input: 'y' })).status,
      ).toBe(404);
    }
    expect((await t.http().get(`/api/chats/${chat.id}`)).status).toBe(401);
    expect((await t.http().get(`/api/runs/not-a-uuid/stream`).set(auth(c.user))).status).toBe(400);
  });

  it('streams a turn as SSE, records the reply with usage and cost, and keeps history along the branch', async () => {
    const chat = await createChat(t, c.user, agent.id);
    const first = await sse(t, c.user, 'POST', `/api/chats/${chat.id}/messages`, {
      content: 'What is AgentHub?',
    });
    expect(first.status).toBe(200);
    const types = eventTypes(first.events);
    expect(types[0]).toBe('run');
    expect(types.at(-1)).toBe('done');
    expect(types).toContain('message');
    const ids = first.events.map((e) => Number(e.id));
    expect(ids).toEqual(ids.map((_, i) => i + 1));
    const done = dataOf(first.events.at(-1)!);
    expect(done.status).toBe('completed');
    const run = dataOf(first.events[0]!);
    expect(run).toMatchObject({ chatId: chat.id, agentVersion: '1.0.0' });

    const messages = await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user));
    expect(messages.status).toBe(200);
    const [question, reply] = messages.body.items;
    expect(question).toMatchObject({ role: 'user', content: 'What is AgentHub?', parentMessageId: null });
    expect(reply).toMatchObject({
      role: 'assistant',
      status: 'completed',
      parentMessageId: question.id,
      runId: run.runId,
      content: 'Mock answer to: What is AgentHub?',
    });
    expect(reply.id).toBe(run.messageId);
    expect(reply.metadata.usage.promptTokens).toBeGreaterThan(0);
    expect(reply.metadata.usage.costUsd).toBeGreaterThan(0);
    expect(JSON.stringify(messages.body)).not.toContain('sk-mock-secret');

    llm.reset();
    await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'And more?' })
      .expect(201);
    const sent = llm.requests[0]!.messages.map((m) => `${m.role}:${String(m.content)}`);
    expect(sent).toEqual(
      expect.arrayContaining(['user:What is AgentHub?', 'assistant:Mock answer to: What is AgentHub?']),
    );
    const runRow = await t
      .http()
      .get(`/api/runs/${run.runId as string}`)
      .set(auth(c.user));
    expect(runRow.body).toMatchObject({ kind: 'chat', status: 'completed', chatId: chat.id });
  });

  it('edits an earlier question: the new branch starts at the answer before it and sees only that history', async () => {
    const chat = await createChat(t, c.user, agent.id);
    const say = (content: string, parentMessageId?: string) =>
      t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(c.user))
        .send({ content, ...(parentMessageId ? { parentMessageId } : {}) });
    const first = await say('One');
    const second = await say('Two');
    await say('Three');
    // Edit "Two" (not the last question): a sibling of it, after the answer to "One".
    const edited = await say('Two, rephrased', first.body.assistantMessage.id as string);
    expect(edited.status).toBe(201);
    expect(edited.body.userMessage.parentMessageId).toBe(second.body.userMessage.parentMessageId);
    const sent = llm.requests.at(-1)!.messages.map((m) => `${m.role}:${m.content as string}`);
    expect(sent.filter((m) => !m.startsWith('system:'))).toEqual([
      'user:One',
      'assistant:Mock answer to: One',
      'user:Two, rephrased',
    ]);
  });

  it('regenerates: a user message as parent gets a sibling reply', async () => {
    const chat = await createChat(t, c.user, agent.id);
    const turn = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'Pick one' });
    const questionId = turn.body.userMessage.id as string;
    const again = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'Pick one', parentMessageId: questionId });
    expect(again.status).toBe(201);
    expect(again.body.userMessage.id).toBe(questionId);
    expect(again.body.assistantMessage.parentMessageId).toBe(questionId);
    expect(again.body.assistantMessage.id).not.toBe(turn.body.assistantMessage.id);
    const tree = (await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user))).body
      .items as Array<{
      parentMessageId: string | null;
      role: string;
    }>;
    expect(tree.filter((m) => m.parentMessageId === questionId && m.role === 'assistant')).toHaveLength(2);
    // The regenerated run saw the question once, not a duplicate of it.
    const lastCall = llm.requests.at(-1)!.messages.filter((m) => m.role === 'user');
    expect(lastCall.map((m) => m.content)).toEqual(['Pick one']);

    // An edited first question: `parentMessageId: null` starts a second root, whose run sees
    // only the new question (not the earlier branch).
    const edited = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'Pick two', parentMessageId: null });
    expect(edited.status).toBe(201);
    expect(edited.body.userMessage.parentMessageId).toBeNull();
    expect(edited.body.userMessage.id).not.toBe(questionId);
    const editedCall = llm.requests.at(-1)!.messages.filter((m) => m.role === 'user');
    expect(editedCall.map((m) => m.content)).toEqual(['Pick two']);

    const missing = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'x', parentMessageId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.body.details[0].path).toBe('body.parentMessageId');
    const empty = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: '  ' });
    expect(empty.status).toBe(400);
    expect(empty.body.details[0].path).toBe('body.content');
  });

  it('refuses a new message while a run of the chat is active (409 run_in_progress)', async () => {
    const chat = await createChat(t, c.user, agent.id);
    llm.setResponder(() => ({ content: 'slow answer with several words in it', tokenDelayMs: 150 }));
    const streaming = sse(t, c.user, 'POST', `/api/chats/${chat.id}/messages`, { content: 'first' });
    // Wait until the assistant message exists, streaming.
    let conflict;
    for (let i = 0; i < 100; i++) {
      const tree = await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user));
      if (tree.body.items.some((m: { status: string }) => m.status === 'streaming')) {
        conflict = await t
          .http()
          .post(`/api/chats/${chat.id}/messages`)
          .set(auth(c.user))
          .send({ content: 'second' });
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(conflict?.status).toBe(409);
    expect(conflict?.body.code).toBe('run_in_progress');
    const result = await streaming;
    expect(dataOf(result.events.at(-1)!).status).toBe('completed');
    const after = await t
      .http()
      .post(`/api/chats/${chat.id}/messages`)
      .set(auth(c.user))
      .send({ content: 'second' });
    expect(after.status).toBe(201);
  });

  it('documents the chat routes in OpenAPI', async () => {
    const doc = await t.http().get('/api/docs-json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths as Record<string, unknown>);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/chats',
        '/api/chats/{id}',
        '/api/chats/{id}/messages',
        '/api/runs/{id}/stream',
      ]),
    );
  });
});
