import type { TestApp, TestUser } from '../helpers/test-app';
import {
  auth,
  type Cast,
  createAgent,
  createAgentTestApp,
  createCast,
  postSse,
  SIMPLE_DEFINITION,
} from './agent-test.helpers';

/** What the API stores for SIMPLE_DEFINITION (defaults filled in). */
const STORED_SIMPLE = { ...SIMPLE_DEFINITION, variables: {} };

/** The same one-node workflow with a changed prompt and a second node. */
const CHANGED_DEFINITION = {
  schemaVersion: 1,
  entry: 'answer',
  nodes: [
    { id: 'answer', type: 'llm', config: { prompt: 'Answer briefly: {{input}}', stream: true } },
    { id: 'polish', type: 'llm', config: { prompt: '{{nodes.answer.output}}', stream: true } },
  ],
  edges: [
    { from: 'answer', to: 'polish' },
    { from: 'polish', to: '__end__' },
  ],
};

describe('versions: compare, restore, deprecate, admin try-it (auto-approve off)', () => {
  let t: TestApp;
  let c: Cast;
  let agentId: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createAgentTestApp({ AUTO_APPROVE: 'false' });
    c = await createCast(t);
    agentId = (await createAgent(t, c.owner)).id;
    await saveDraft(SIMPLE_DEFINITION);
    ids['1.0.0'] = await publishAndApprove('1.0.0');
    await saveDraft(CHANGED_DEFINITION);
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (who: TestUser | null, req: ReturnType<ReturnType<TestApp['http']>['get']>) =>
    who ? req.set(auth(who)) : req;
  async function saveDraft(definition: object) {
    const res = await t.http().put(`/api/agents/${agentId}/workflow`).set(auth(c.owner)).send({ definition });
    expect(res.status).toBe(200);
  }
  async function submit(version: string): Promise<string> {
    const res = await t
      .http()
      .post(`/api/agents/${agentId}/publish`)
      .set(auth(c.owner))
      .send({ version, changelog: `Release ${version}` });
    expect(res.status).toBe(201);
    expect(res.body.reviewStatus).toBe('pending_review');
    return res.body.id as string;
  }
  async function publishAndApprove(version: string): Promise<string> {
    const id = await submit(version);
    const res = await t.http().post(`/api/admin/reviews/${id}/approve`).set(auth(c.admin)).send({});
    expect(res.status).toBe(200);
    return id;
  }

  it('diffs a version against the draft, with both definitions', async () => {
    const res = await t.http().get(`/api/agents/${agentId}/compare?from=1.0.0&to=draft`).set(auth(c.owner));
    expect(res.status).toBe(200);
    expect(res.body.from).toEqual(
      expect.objectContaining({ version: '1.0.0', reviewStatus: 'published', definition: STORED_SIMPLE }),
    );
    expect(res.body.to).toEqual(expect.objectContaining({ version: null, reviewStatus: 'draft' }));
    expect(res.body.to.definition.nodes).toHaveLength(2);
    expect(res.body.diff.nodesAdded).toEqual([{ id: 'polish', type: 'llm' }]);
    expect(res.body.diff.nodesChanged).toEqual([
      expect.objectContaining({ id: 'answer', configKeys: ['prompt'] }),
    ]);
    expect(res.body.diff.edgesAdded).toHaveLength(2);
    expect(res.body.diff.edgesRemoved).toEqual([expect.objectContaining({ from: 'answer', to: '__end__' })]);
  });

  it('answers compare with 404 for an unknown version, 400 without from/to, and checks roles', async () => {
    const unknown = await t
      .http()
      .get(`/api/agents/${agentId}/compare?from=9.9.9&to=draft`)
      .set(auth(c.owner));
    expect(unknown.status).toBe(404);
    expect(unknown.body.details[0].path).toBe('query.from');
    const missing = await t.http().get(`/api/agents/${agentId}/compare?from=1.0.0`).set(auth(c.owner));
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.details)).toContain('to');
    const url = `/api/agents/${agentId}/compare?from=1.0.0&to=draft`;
    expect((await as(c.other, t.http().get(url))).status).toBe(404);
    expect((await as(c.user, t.http().get(url))).status).toBe(403);
    expect((await as(null, t.http().get(url))).status).toBe(401);
    expect((await as(c.admin, t.http().get(url))).status).toBe(200);
  });

  it('lets only an admin try a pending version, recorded as a test run of that version', async () => {
    ids['1.1.0'] = await submit('1.1.0');
    const path = `/api/admin/reviews/${ids['1.1.0']}/test`;
    const run = await postSse(t, path, c.admin, { input: 'Hello reviewer' });
    expect(run.status).toBe(200);
    expect(run.events[0]!.event).toBe('run');
    expect(JSON.parse(run.events.at(-1)!.data).status).toBe('completed');
    const runId = JSON.parse(run.events[0]!.data).runId as string;
    const [recorded] = await t.db.query<{ agent_version_id: string; user_id: string }>(
      `SELECT agent_version_id, user_id FROM workflow_executions WHERE id = $1`,
      [runId],
    );
    expect(recorded).toEqual({ agent_version_id: ids['1.1.0'], user_id: c.admin.id });

    expect((await postSse(t, path, c.owner, { input: 'x' })).status).toBe(403);
    expect((await postSse(t, path, c.user, { input: 'x' })).status).toBe(403);
    const anonymous = await t.http().post(path).send({ input: 'x' });
    expect(anonymous.status).toBe(401);
    const bad = await postSse(t, path, c.admin, { input: '' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain('input');
    const missing = await postSse(t, `/api/admin/reviews/${crypto.randomUUID()}/test`, c.admin, {
      input: 'x',
    });
    expect(missing.status).toBe(404);
  });

  it('shows the admin notes of a rejection to the developer in the version list', async () => {
    const res = await t
      .http()
      .post(`/api/admin/reviews/${ids['1.1.0']}/reject`)
      .set(auth(c.admin))
      .send({ reason: 'Say what polish does' });
    expect(res.status).toBe(200);
    const list = await t.http().get(`/api/agents/${agentId}/versions`).set(auth(c.owner));
    const rejected = list.body.items.find((v: { version: string }) => v.version === '1.1.0');
    expect(rejected).toEqual(
      expect.objectContaining({ reviewStatus: 'rejected', reviewNotes: 'Say what polish does' }),
    );
  });

  it('deprecates a published version the agent no longer serves, never the live one', async () => {
    await saveDraft(CHANGED_DEFINITION);
    ids['1.2.0'] = await publishAndApprove('1.2.0');
    const deprecate = (who: TestUser | null, version: string) =>
      as(who, t.http().post(`/api/agents/${agentId}/versions/${version}/deprecate`));
    const live = await deprecate(c.owner, '1.2.0');
    expect(live.status).toBe(409);
    expect(live.body.code).toBe('invalid_transition');
    expect((await deprecate(c.owner, '1.1.0')).status).toBe(409); // rejected
    expect((await deprecate(c.other, '1.0.0')).status).toBe(404);
    expect((await deprecate(c.user, '1.0.0')).status).toBe(403);
    expect((await deprecate(null, '1.0.0')).status).toBe(401);
    expect((await deprecate(c.owner, '7.0.0')).status).toBe(404);

    const done = await deprecate(c.owner, '1.0.0');
    expect(done.status).toBe(200);
    expect(done.body).toEqual(expect.objectContaining({ version: '1.0.0', reviewStatus: 'deprecated' }));
    expect((await deprecate(c.owner, '1.0.0')).status).toBe(409);
    const agent = await t.http().get(`/api/agents/${agentId}`).set(auth(c.owner));
    expect(agent.body).toEqual(expect.objectContaining({ status: 'published', latestVersion: '1.2.0' }));
    const [audit] = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'agent_version.deprecated' AND target_id = $1`,
      [ids['1.0.0']],
    );
    expect(audit!.n).toBe(1);
  });

  it('restores any version as the draft (a new draft when there is none)', async () => {
    const restore = (who: TestUser | null, version: string) =>
      as(who, t.http().post(`/api/agents/${agentId}/versions/${version}/restore`));
    expect((await restore(c.other, '1.0.0')).status).toBe(404);
    expect((await restore(c.user, '1.0.0')).status).toBe(403);
    expect((await restore(null, '1.0.0')).status).toBe(401);
    expect((await restore(c.owner, '3.0.0')).status).toBe(404);

    const res = await restore(c.owner, '1.0.0');
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(`"${res.body.draft.revision}"`);
    expect(res.body.draft).toEqual(
      expect.objectContaining({ version: null, reviewStatus: 'draft', resolvedDefinition: STORED_SIMPLE }),
    );
    expect(res.body.validation.valid).toBe(true);
    // The restored version itself is untouched.
    const v = await t.http().get(`/api/agents/${agentId}/versions/1.0.0`).set(auth(c.owner));
    expect(v.body.reviewStatus).toBe('deprecated');
    const compare = await t
      .http()
      .get(`/api/agents/${agentId}/compare?from=1.0.0&to=draft`)
      .set(auth(c.owner));
    expect(compare.body.diff.nodesAdded).toEqual([]);
    expect(compare.body.diff.nodesChanged).toEqual([]);
  });
});
