import { type MockOpenAIServer, startMockOpenAI } from '@agenthub/testkit';
import type { TestApp } from '../helpers/test-app';
import {
  APPROVAL_DEFINITION,
  auth,
  type ChatCast,
  createChatCast,
  createChatTestApp,
  createChat,
  dataOf,
  publishAgent,
  sse,
  TWO_STEP_DEFINITION,
  useMockAsDefaultLlm,
  waitFor,
} from '../chat/chat-test.fixtures';

/**
 * Draft test runs as the Studio's Test tab drives them: run variables, resume of a human-input
 * pause, retry from the failed node, cancel, finished steps visible while the run goes on, and
 * the agent's run history (owner or admin; others 404).
 */
describe('Draft test runs (Studio Test tab)', () => {
  let t: TestApp;
  let cast: ChatCast;
  let llm: MockOpenAIServer;

  beforeAll(async () => {
    llm = await startMockOpenAI();
    t = await createChatTestApp();
    cast = await createChatCast(t);
    await useMockAsDefaultLlm(t, cast.admin, llm);
  });
  afterAll(async () => {
    await t?.close();
    await llm?.close();
  });
  beforeEach(() => llm.reset());

  async function agentWith(definition: unknown): Promise<string> {
    const created = await t.http().post('/api/agents').set(auth(cast.owner)).send({ name: 'Test tab agent' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const saved = await t.http().put(`/api/agents/${id}/workflow`).set(auth(cast.owner)).send({ definition });
    expect(saved.status).toBe(200);
    return id;
  }

  const runIdOf = (events: Array<{ event?: string; data: string }>) =>
    dataOf(events.find((e) => e.event === 'run')!).runId as string;
  const doneOf = (events: Array<{ event?: string; data: string }>) =>
    dataOf(events.find((e) => e.event === 'done')!);

  describe('variables', () => {
    const definition = {
      schemaVersion: 1,
      entry: 'answer',
      variables: { tone: { type: 'string', default: 'plain' }, depth: { type: 'number' } },
      nodes: [{ id: 'answer', type: 'llm', config: { prompt: 'Tone {{vars.tone}}: {{input}}' } }],
      edges: [{ from: 'answer', to: '__end__' }],
    };

    it('runs with the given variables; undeclared ones keep their default', async () => {
      const id = await agentWith(definition);
      const given = await sse(t, cast.owner, 'POST', `/api/agents/${id}/test`, {
        input: 'hello',
        variables: { tone: 'dry', depth: 2 },
      });
      expect(doneOf(given.events).status).toBe('completed');
      expect(JSON.stringify(llm.requests[0]!.messages)).toContain('Tone dry: hello');
      const defaulted = await sse(t, cast.owner, 'POST', `/api/agents/${id}/test`, { input: 'again' });
      expect(doneOf(defaulted.events).status).toBe('completed');
      expect(JSON.stringify(llm.requests[1]!.messages)).toContain('Tone plain: again');
    });

    it.each([
      ['an undeclared name', { nope: 'x' }, 'body.variables.nope'],
      ['a wrong type', { depth: 'deep' }, 'body.variables.depth'],
    ])('refuses %s with 400 naming the field', async (_what, variables, path) => {
      const id = await agentWith(definition);
      const res = await t
        .http()
        .post(`/api/agents/${id}/test`)
        .set(auth(cast.owner))
        .send({ input: 'hello', variables });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('invalid_variable');
      expect(res.body.details).toEqual([expect.objectContaining({ path, code: 'invalid_variable' })]);
      expect(llm.callCount).toBe(0);
    });
  });

  describe('resume, retry and cancel', () => {
    it('resumes a paused test run with the answer; the nodes before the pause do not run again', async () => {
      const id = await agentWith(APPROVAL_DEFINITION);
      const first = await sse(t, cast.owner, 'POST', `/api/agents/${id}/test`, { input: 'a post' });
      expect(doneOf(first.events).status).toBe('paused');
      const runId = runIdOf(first.events);
      expect(llm.callCount).toBe(1);

      const stranger = await t
        .http()
        .post(`/api/agents/${id}/runs/${runId}/resume`)
        .set(auth(cast.other))
        .send({ input: 'yes' });
      expect(stranger.status).toBe(404);

      const resumed = await sse(t, cast.owner, 'POST', `/api/agents/${id}/runs/${runId}/resume`, {
        input: 'yes',
      });
      expect(resumed.status).toBe(200);
      expect(doneOf(resumed.events).status).toBe('completed');
      // Ids go on above the first segment's.
      expect(Number(resumed.events[0]!.id)).toBeGreaterThan(Number(first.events.at(-1)!.id));
      expect(llm.callCount).toBe(1);

      const steps = await t.http().get(`/api/agents/${id}/runs/${runId}/steps`).set(auth(cast.owner));
      expect(steps.body.items.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
        ['draft', 'completed'],
        ['approve', 'completed'],
        ['final', 'completed'],
      ]);
      const again = await t
        .http()
        .post(`/api/agents/${id}/runs/${runId}/resume`)
        .set(auth(cast.owner))
        .send({ input: 'yes' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('run_not_paused');
    });

    it('retries a failed test run from the failed node', async () => {
      const id = await agentWith(TWO_STEP_DEFINITION);
      llm.setResponder((_req, index) =>
        index === 1 ? { error: { status: 400, message: 'bad request' } } : { content: `call ${index}` },
      );
      const failed = await sse(t, cast.owner, 'POST', `/api/agents/${id}/test`, { input: 'x' });
      expect(doneOf(failed.events).status).toBe('failed');
      const runId = runIdOf(failed.events);
      expect(llm.callCount).toBe(2);

      const retried = await sse(t, cast.owner, 'POST', `/api/agents/${id}/runs/${runId}/retry`, {});
      expect(doneOf(retried.events).status).toBe('completed');
      // Only the failed node ran again.
      expect(llm.callCount).toBe(3);
      const steps = await t.http().get(`/api/agents/${id}/runs/${runId}/steps`).set(auth(cast.owner));
      expect(steps.body.items.map((s: { nodeId: string; status: string }) => [s.nodeId, s.status])).toEqual([
        ['first', 'completed'],
        ['second', 'failed'],
        ['second', 'completed'],
      ]);
      const again = await t.http().post(`/api/agents/${id}/runs/${runId}/retry`).set(auth(cast.owner));
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('run_not_failed');
    });

    it('retries with the fixed draft when only node configs changed since the failure', async () => {
      const broken = {
        schemaVersion: 1,
        entry: 'draft',
        nodes: [
          { id: 'draft', type: 'llm', config: { prompt: '{{input}}' } },
          { id: 'fetch', type: 'http_request', config: { url: 'http://127.0.0.1:9/' } },
        ],
        edges: [
          { from: 'draft', to: 'fetch' },
          { from: 'fetch', to: '__end__' },
        ],
      };
      const id = await agentWith(broken);
      const failed = await sse(t, cast.owner, 'POST', `/api/agents/${id}/test`, { input: 'x' });
      expect(doneOf(failed.events).status).toBe('failed');
      const runId = runIdOf(failed.events);
      const fixedUrl = `${llm.baseURL}/models`;
      const fixed = {
        ...broken,
        nodes: [broken.nodes[0], { ...broken.nodes[1], config: { url: fixedUrl } }],
      };
      expect(
        (await t.http().put(`/api/agents/${id}/workflow`).set(auth(cast.owner)).send({ definition: fixed }))
          .status,
      ).toBe(200);
      const retried = await sse(t, cast.owner, 'POST', `/api/agents/${id}/runs/${runId}/retry`, {});
      expect(doneOf(retried.events).status).toBe('completed');
      expect(llm.callCount).toBe(1);
    });

    it('cancels a paused test run (owner only), then refuses to cancel it again', async () => {
      const id = await agentWith(APPROVAL_DEFINITION);
      const first = await sse(t, cast.owner, 'POST', `/api/agents/${id}/test`, { input: 'a post' });
      const runId = runIdOf(first.events);
      const stranger = await t.http().post(`/api/agents/${id}/runs/${runId}/cancel`).set(auth(cast.other));
      expect(stranger.status).toBe(404);
      const cancelled = await t.http().post(`/api/agents/${id}/runs/${runId}/cancel`).set(auth(cast.owner));
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toEqual({ runId, status: 'cancelled' });
      const run = await t.http().get(`/api/runs/${runId}`).set(auth(cast.owner));
      expect(run.body.status).toBe('cancelled');
      const again = await t.http().post(`/api/agents/${id}/runs/${runId}/cancel`).set(auth(cast.owner));
      expect(again.status).toBe(409);
    });

    it('cancels a running test run streamed by this server: its stream ends with done cancelled', async () => {
      const id = await agentWith(TWO_STEP_DEFINITION);
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      llm.setResponder(async (_req, index) => {
        if (index === 1) await held;
        return { content: `call ${index}` };
      });
      const streaming = sse(t, cast.owner, 'POST', `/api/agents/${id}/test`, { input: 'x' });
      await waitFor(async () => llm.callCount === 2);
      const [run] = (await t.http().get(`/api/agents/${id}/runs?status=running`).set(auth(cast.owner))).body
        .items;
      const cancelled = await t.http().post(`/api/agents/${id}/runs/${run.id}/cancel`).set(auth(cast.owner));
      expect(cancelled.body).toEqual({ runId: run.id, status: 'cancelling' });
      const { events } = await streaming;
      release();
      expect(doneOf(events).status).toBe('cancelled');
    });

    it('refuses resume and retry of a chat run here (404: only test runs)', async () => {
      const published = await publishAgent(t, cast.owner);
      const chat = await createChat(t, cast.user, published.id);
      const turn = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(cast.user))
        .send({ content: 'hi' });
      const runId = turn.body.run.id as string;
      const res = await t
        .http()
        .post(`/api/agents/${published.id}/runs/${runId}/retry`)
        .set(auth(cast.owner));
      expect(res.status).toBe(404);
    });
  });

  it('shows the finished steps of a test run while it is still running', async () => {
    const id = await agentWith(TWO_STEP_DEFINITION);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    llm.setResponder(async (_req, index) => {
      if (index === 1) await held;
      return { content: `call ${index}` };
    });
    const streaming = sse(t, cast.owner, 'POST', `/api/agents/${id}/test`, { input: 'x' });
    await waitFor(async () => llm.callCount === 2);
    const [run] = (await t.http().get(`/api/agents/${id}/runs?status=running`).set(auth(cast.owner))).body
      .items;
    // The second model call is held: the run is running and its first step is already readable.
    let steps: Array<{ nodeId: string; status: string; usage: { completionTokens: number } }> = [];
    await waitFor(async () => {
      const res = await t.http().get(`/api/runs/${run.id}/steps`).set(auth(cast.owner));
      steps = res.body.items;
      return steps.length > 0;
    });
    expect(steps).toEqual([expect.objectContaining({ nodeId: 'first', status: 'completed' })]);
    expect(steps[0]!.usage.completionTokens).toBeGreaterThan(0);
    expect((await t.http().get(`/api/runs/${run.id}`).set(auth(cast.owner))).body.status).toBe('running');
    const viaAgent = await t.http().get(`/api/agents/${id}/runs/${run.id}/steps`).set(auth(cast.owner));
    expect(viaAgent.body.items).toHaveLength(1);
    // Each step names the model it called (config name + model name), never the config's settings.
    for (const step of [steps[0], viaAgent.body.items[0]])
      expect(step).toMatchObject({
        model: { serviceConfigId: expect.any(String), serviceConfigName: 'Mock LLM', model: 'mock-model' },
      });
    expect(JSON.stringify(viaAgent.body)).not.toContain('sk-mock-secret');
    expect(JSON.stringify(viaAgent.body)).not.toContain(llm.baseURL);

    release();
    const { events } = await streaming;
    expect(doneOf(events).status).toBe('completed');
    const after = await t.http().get(`/api/runs/${run.id}/steps`).set(auth(cast.owner));
    expect(after.body.items.map((s: { nodeId: string }) => s.nodeId)).toEqual(['first', 'second']);
  });

  describe('the agent run history', () => {
    it('lists test and chat runs newest first, filtered by status and kind; owner or admin only', async () => {
      const published = await publishAgent(t, cast.owner, APPROVAL_DEFINITION);
      const test = await sse(t, cast.owner, 'POST', `/api/agents/${published.id}/test`, { input: 'draft' });
      const chat = await createChat(t, cast.user, published.id);
      const turn = await t
        .http()
        .post(`/api/chats/${chat.id}/messages`)
        .set(auth(cast.user))
        .send({ content: 'hi' });
      expect(turn.status).toBe(201);

      const all = await t.http().get(`/api/agents/${published.id}/runs`).set(auth(cast.owner));
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(2);
      expect(all.body.items.map((r: { kind: string }) => r.kind)).toEqual(['chat', 'test']);
      expect(all.body.items[1]).toMatchObject({
        id: runIdOf(test.events),
        status: 'paused',
        usage: { completionTokens: expect.any(Number) },
      });

      const tests = await t.http().get(`/api/agents/${published.id}/runs?kind=test`).set(auth(cast.owner));
      expect(tests.body.items).toHaveLength(1);
      const failed = await t
        .http()
        .get(`/api/agents/${published.id}/runs?status=failed`)
        .set(auth(cast.owner));
      expect(failed.body).toMatchObject({ items: [], total: 0 });
      const paged = await t
        .http()
        .get(`/api/agents/${published.id}/runs?pageSize=1&page=2`)
        .set(auth(cast.owner));
      expect(paged.body.items.map((r: { kind: string }) => r.kind)).toEqual(['test']);

      // The chat run's trace, for the agent's owner (not their run).
      const chatRun = all.body.items[0].id as string;
      const trace = await t
        .http()
        .get(`/api/agents/${published.id}/runs/${chatRun}/steps`)
        .set(auth(cast.owner));
      expect(trace.status).toBe(200);
      expect(trace.body.items.length).toBeGreaterThan(0);

      expect((await t.http().get(`/api/agents/${published.id}/runs`).set(auth(cast.admin))).status).toBe(200);
      expect((await t.http().get(`/api/agents/${published.id}/runs`).set(auth(cast.other))).status).toBe(404);
      expect((await t.http().get(`/api/agents/${published.id}/runs`).set(auth(cast.user))).status).toBe(403);
      expect((await t.http().get(`/api/agents/${published.id}/runs`)).status).toBe(401);
      const bad = await t.http().get(`/api/agents/${published.id}/runs?status=bogus`).set(auth(cast.owner));
      expect(bad.status).toBe(400);
      const otherAgent = await agentWith(TWO_STEP_DEFINITION);
      const foreign = await t
        .http()
        .get(`/api/agents/${otherAgent}/runs/${chatRun}/steps`)
        .set(auth(cast.owner));
      expect(foreign.status).toBe(404);
    });
  });
});
