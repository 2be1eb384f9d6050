import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetrievedChunk } from '@agenthub/contracts';
import { MOCK_EMBEDDING_DIMENSIONS, type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import type { TestApp } from '../helpers/test-app';
import {
  type ChatCast,
  createChat,
  createChatCast,
  createChatTestApp,
  dataOf,
  eventTypes,
  publishAgent,
  sse,
  useMockAsDefaultLlm,
} from '../chat/chat-test.fixtures';
import { addText, auth, createBase, settledDocument } from './knowledge-test.helpers';

const ragAgent = (knowledgeBaseId: string) => ({
  schemaVersion: 1,
  entry: 'kb',
  nodes: [
    {
      id: 'kb',
      type: 'retrieval',
      config: { query: '{{input}}', knowledgeBaseIds: [knowledgeBaseId], topK: 2 },
    },
    { id: 'reply', type: 'answer', config: { text: 'From the handbook:\n{{nodes.kb.output.context}}' } },
  ],
  edges: [
    { from: 'kb', to: 'reply' },
    { from: 'reply', to: '__end__' },
  ],
});

describe('chat with a retrieval node (citations)', () => {
  let t: TestApp;
  let c: ChatCast;
  let baseId: string;
  let page: Server;
  let llm: MockOpenAIServer;

  beforeAll(async () => {
    t = await createChatTestApp();
    c = await createChatCast(t);
    llm = await startMockOpenAI();
    baseId = await createBase(t, c.owner);
    await addText(
      t,
      c.owner,
      baseId,
      'returns.md',
      '# Returns\n\nReturned kettles are refunded within 14 days.',
    );
    await addText(t, c.owner, baseId, 'office.md', '# Office\n\nThe office cat is called Miso.');
    page = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        '<html><body><h1>Gift cards</h1><p>Gift cards never expire.</p><script>x()</script></body></html>',
      );
    });
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    page.close();
    await llm.close();
    await t.close();
  });

  it('answers from the knowledge base, streams a sources event and saves the citations with the reply', async () => {
    const agent = await publishAgent(t, c.owner, ragAgent(baseId));
    const chat = await createChat(t, c.user, agent.id);
    const res = await sse(t, c.user, 'POST', `/api/chats/${chat.id}/messages`, {
      content: 'when are returned kettles refunded?',
    });
    expect(res.status).toBe(200);
    expect(eventTypes(res.events)).toContain('sources');
    const sources = dataOf(res.events.find((e) => e.event === 'sources')!) as { chunks: RetrievedChunk[] };
    expect(sources.chunks[0]).toMatchObject({
      index: 1,
      documentName: 'returns.md',
      knowledgeBaseId: baseId,
    });
    const done = dataOf(res.events.at(-1)!);
    expect(done.status).toBe('completed');
    expect(String(done.output)).toContain('[1] returns.md');

    // The plain user reads the base through the agent only, and sees the citations on reload.
    const messages = await t.http().get(`/api/chats/${chat.id}/messages`).set(auth(c.user));
    const reply = messages.body.items.find((m: { role: string }) => m.role === 'assistant');
    expect(reply.metadata.sources[0]).toMatchObject({ index: 1, documentName: 'returns.md' });
    expect(reply.metadata.sources[0].text).toContain('14 days');
    expect((await t.http().get(`/api/knowledge-bases/${baseId}`).set(auth(c.user))).status).toBe(403);
  });

  it("fails the run when the agent's owner may not use the knowledge base", async () => {
    const agent = await publishAgent(t, c.other, ragAgent(baseId));
    const chat = await createChat(t, c.user, agent.id);
    const res = await sse(t, c.user, 'POST', `/api/chats/${chat.id}/messages`, { content: 'refunds?' });
    const error = res.events.find((e) => e.event === 'error');
    expect(error && dataOf(error)).toMatchObject({ code: 'knowledge_base_not_found', nodeId: 'kb' });
    expect(dataOf(res.events.at(-1)!).status).toBe('failed');
  });

  it('adds a web page by URL (allowed private network here) with its scripts dropped', async () => {
    const url = `http://127.0.0.1:${(page.address() as AddressInfo).port}/gift-cards.html`;
    const res = await t
      .http()
      .post(`/api/knowledge-bases/${baseId}/documents/url`)
      .set(auth(c.owner))
      .send({ url });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ source: 'url', url, name: 'gift-cards.html' });
    const doc = await settledDocument(t, c.owner, baseId, res.body.id as string);
    expect(doc.status).toBe('indexed');
    const hits = await t
      .http()
      .post(`/api/knowledge-bases/${baseId}/retrieve`)
      .set(auth(c.owner))
      .send({ query: 'do gift cards expire', topK: 1 });
    expect(hits.body.chunks[0]).toMatchObject({ documentName: 'gift-cards.html' });
    expect(hits.body.chunks[0].text).not.toContain('x()');
  });

  it('embeds with an OpenAI-compatible /v1/embeddings server when the base names a service config', async () => {
    await useMockAsDefaultLlm(t, c.admin, llm);
    const configs = await t.http().get('/api/service-configs').set(auth(c.admin));
    const configId = (configs.body.items as Array<{ id: string; name: string }>).find(
      (x) => x.name === 'Mock LLM',
    )!.id;
    const noModel = await t
      .http()
      .post('/api/knowledge-bases')
      .set(auth(c.owner))
      .send({ name: 'Remote', embedding: { serviceConfigId: configId } });
    expect(noModel.status).toBe(400);
    const remote = await createBase(t, c.owner, {
      name: 'Remote',
      embedding: { serviceConfigId: configId, model: 'embed-1' },
    });
    const doc = await addText(
      t,
      c.owner,
      remote,
      'teapots.md',
      'Teapots are made of porcelain.\n\nMugs are made of stoneware.',
    );
    expect(doc.status).toBe('indexed');
    expect(llm.embeddingCalls).toBeGreaterThan(0);
    const base = await t.http().get(`/api/knowledge-bases/${remote}`).set(auth(c.owner));
    expect(base.body.embedding).toMatchObject({
      serviceConfigId: configId,
      model: 'embed-1',
      dimensions: MOCK_EMBEDDING_DIMENSIONS,
    });
    const hits = await t
      .http()
      .post(`/api/knowledge-bases/${remote}/retrieve`)
      .set(auth(c.owner))
      .send({ query: 'what are teapots made of', topK: 1 });
    expect(hits.body.chunks[0].text).toContain('porcelain');
  });
});
