import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type Cast,
  createAgent,
  createAgentTestApp,
  createCast,
  postSse,
  SIMPLE_DEFINITION,
  templateIdByKey,
} from './agent-test.helpers';

describe('publishing with auto-approve on', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createAgentTestApp({ AUTO_APPROVE: 'true' });
    c = await createCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const publish = (agentId: string, body: Record<string, unknown>) =>
    t.http().post(`/api/agents/${agentId}/publish`).set(auth(c.owner)).send(body);

  it('goes template → agent → validate → test run (SSE) → publish → auto review → published', async () => {
    const templateId = await templateIdByKey(t, 'translator');
    const created = await t
      .http()
      .post('/api/agents')
      .set(auth(c.owner))
      .send({ name: 'Path translator', templateId, parameters: {} });
    expect(created.status).toBe(201);
    const agentId = created.body.id as string;

    const validation = await t.http().get(`/api/agents/${agentId}/workflow/validate`).set(auth(c.owner));
    expect(validation.status).toBe(200);
    expect(validation.body.valid).toBe(true);

    const run = await postSse(t, `/api/agents/${agentId}/test`, c.owner, { input: 'Bonjour tout le monde' });
    expect(run.status).toBe(200);
    expect(run.contentType).toMatch(/^text\/event-stream/);
    const types = run.events.map((e) => e.event);
    expect(types[0]).toBe('run');
    expect(types.filter((e) => e === 'done')).toHaveLength(1);
    expect(types.at(-1)).toBe('done');
    expect(types).toContain('node');
    const done = JSON.parse(run.events.at(-1)!.data);
    expect(done.status).toBe('completed');
    const ids = run.events.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    // The test run is recorded by the runtime against the draft version.
    const runId = JSON.parse(run.events[0]!.data).runId as string;
    const [recorded] = await t.db.query<{ agent_id: string; status: string }>(
      `SELECT agent_id, status FROM workflow_executions WHERE id = $1`,
      [runId],
    );
    expect(recorded).toEqual({ agent_id: agentId, status: 'completed' });

    const published = await publish(agentId, { version: '1.0.0', changelog: 'First release' });
    expect(published.status).toBe(201);
    expect(published.body).toEqual(
      expect.objectContaining({
        version: '1.0.0',
        reviewStatus: 'published',
        changelog: 'First release',
        reviewReasons: [],
        submittedAt: expect.any(String),
        reviewedAt: expect.any(String),
      }),
    );
    const agent = await t.http().get(`/api/agents/${agentId}`).set(auth(c.owner));
    expect(agent.body).toEqual(
      expect.objectContaining({
        status: 'published',
        latestVersion: '1.0.0',
        currentVersionId: published.body.id,
        publishedAt: expect.any(String),
        draft: null,
      }),
    );
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_logs WHERE target_id = $1 ORDER BY created_at`,
      [published.body.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['agent_version.submitted', 'agent_version.auto_approved']);
  });

  it('refuses invalid and non-increasing versions', async () => {
    const agent = await createAgent(t, c.owner);
    const invalid = await publish(agent.id, { version: 'v1' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('invalid_version');
    expect(invalid.body.details[0].path).toBe('body.version');
    const missing = await publish(agent.id, {});
    expect(missing.status).toBe(400);
    expect(missing.body.details[0].path).toBe('body.version');

    expect((await publish(agent.id, { version: '1.2.0' })).status).toBe(201);
    await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: SIMPLE_DEFINITION })
      .expect(200);
    for (const version of ['1.2.0', '1.1.9', '1.2.0-rc.1']) {
      const res = await publish(agent.id, { version });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('version_not_greater');
    }
    expect((await publish(agent.id, { version: '1.10.0' })).status).toBe(201);
    // No draft left: nothing new to publish until the next edit.
    const nothing = await publish(agent.id, { version: '2.0.0' });
    expect(nothing.status).toBe(409);
  });

  it('keeps submitted versions immutable; the next edit starts a new draft from the published one', async () => {
    const agent = await createAgent(t, c.owner);
    await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: SIMPLE_DEFINITION, systemPrompt: 'Be brief.' })
      .expect(200);
    const v1 = (await publish(agent.id, { version: '1.0.0' })).body;

    const edit = await t
      .http()
      .put(`/api/agents/${agent.id}/versions/1.0.0/workflow`)
      .set(auth(c.owner))
      .send({});
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('version_immutable');
    const otherDev = await t
      .http()
      .put(`/api/agents/${agent.id}/versions/1.0.0/workflow`)
      .set(auth(c.other))
      .send({});
    expect(otherDev.status).toBe(404);
    await expect(
      t.db.query(`UPDATE agent_versions SET system_prompt = 'changed' WHERE id = $1`, [v1.id]),
    ).rejects.toThrow(/immutable/);

    const next = await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({
        definition: {
          ...SIMPLE_DEFINITION,
          nodes: [
            { id: 'answer', type: 'llm', config: { prompt: 'Answer: {{input}}', stream: true } },
            { id: 'bye', type: 'answer', config: { text: 'Bye' } },
          ],
          edges: [
            { from: 'answer', to: 'bye' },
            { from: 'bye', to: '__end__' },
          ],
        },
      });
    expect(next.status).toBe(200);
    expect(next.body.draft.id).not.toBe(v1.id);
    expect(next.body.draft.systemPrompt).toBe('Be brief.');
    const [v1Row] = await t.db.query<{ resolved_definition: { nodes: unknown[] } }>(
      `SELECT resolved_definition FROM agent_versions WHERE id = $1`,
      [v1.id],
    );
    expect(v1Row!.resolved_definition.nodes).toHaveLength(1);

    await publish(agent.id, { version: '1.1.0', changelog: 'Say bye' }).expect(201);
    const list = await t.http().get(`/api/agents/${agent.id}/versions`).set(auth(c.owner));
    expect(list.body.items.map((v: { version: string }) => v.version)).toEqual(['1.1.0', '1.0.0']);

    const detail = await t.http().get(`/api/agents/${agent.id}/versions/1.1.0`).set(auth(c.owner));
    expect(detail.status).toBe(200);
    expect(detail.body.previousVersion).toBe('1.0.0');
    expect(detail.body.diff).toEqual(
      expect.objectContaining({
        nodesAdded: [{ id: 'bye', type: 'answer' }],
        nodesRemoved: [],
        nodesChanged: [expect.objectContaining({ id: 'answer', configKeys: ['prompt'] })],
        edgesAdded: expect.arrayContaining([
          { from: 'answer', to: 'bye', type: 'normal' },
          { from: 'bye', to: '__end__', type: 'normal' },
        ]),
        edgesRemoved: [{ from: 'answer', to: '__end__', type: 'normal' }],
      }),
    );
    const first = await t.http().get(`/api/agents/${agent.id}/versions/1.0.0`).set(auth(c.owner));
    expect(first.body.previousVersion).toBeNull();
    expect((await t.http().get(`/api/agents/${agent.id}/versions/9.9.9`).set(auth(c.owner))).status).toBe(
      404,
    );
    expect((await t.http().get(`/api/agents/${agent.id}/versions`).set(auth(c.other))).status).toBe(404);
  });

  it('rejects a version with a secret in its prompt, with masked reasons', async () => {
    const agent = await createAgent(t, c.owner);
    const secret = 'sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6';
    await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: SIMPLE_DEFINITION, systemPrompt: `Call the API with ${secret}` })
      .expect(200);
    const res = await publish(agent.id, { version: '1.0.0' });
    expect(res.status).toBe(201);
    expect(res.body.reviewStatus).toBe('rejected');
    expect(res.body.reviewReasons).toEqual([
      expect.objectContaining({ code: 'secret_in_content', path: 'systemPrompt' }),
    ]);
    expect(JSON.stringify(res.body.reviewReasons)).not.toContain(secret.slice(8));
    const agentNow = await t.http().get(`/api/agents/${agent.id}`).set(auth(c.owner));
    expect(agentNow.body.status).toBe('rejected');
    expect(agentNow.body.currentVersionId).toBeNull();

    // Fixing it: the next edit copies the rejected version into a new draft; 1.0.0 is used up.
    await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: SIMPLE_DEFINITION, systemPrompt: 'No secrets here.' })
      .expect(200);
    expect((await publish(agent.id, { version: '1.0.0' })).body.code).toBe('version_not_greater');
    const fixed = await publish(agent.id, { version: '1.0.1' });
    expect(fixed.body.reviewStatus).toBe('published');
  });

  it('rejects an invalid workflow and a personal service config exposed to other users', async () => {
    const agent = await createAgent(t, c.owner);
    await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: { ...SIMPLE_DEFINITION, nodes: [{ id: 'answer', type: 'nope', config: {} }] } })
      .expect(200);
    const invalid = await publish(agent.id, { version: '0.1.0' });
    expect(invalid.body.reviewStatus).toBe('rejected');
    expect(invalid.body.reviewReasons[0]).toEqual(expect.objectContaining({ code: 'workflow_invalid' }));

    const [demo] = await t.db.query<{ id: string }>(`SELECT id FROM providers WHERE slug = 'demo'`);
    const personal = await t
      .http()
      .post('/api/service-configs')
      .set(auth(c.owner))
      .send({ providerId: demo!.id, name: 'My demo', configData: {} });
    expect(personal.status).toBe(201);
    const save = await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: SIMPLE_DEFINITION, serviceDependencies: { answer: { llm: personal.body.id } } });
    expect(save.body.validation.issues).toEqual([
      expect.objectContaining({
        code: 'personal_service_config',
        path: 'serviceDependencies.answer.llm',
        severity: 'error',
      }),
    ]);
    // Someone else's personal config is indistinguishable from a missing one.
    const foreign = await t.http().post(`/api/agents`).set(auth(c.other)).send({ name: 'Foreign binder' });
    const foreignSave = await t
      .http()
      .put(`/api/agents/${foreign.body.id}/workflow`)
      .set(auth(c.other))
      .send({ definition: SIMPLE_DEFINITION, serviceDependencies: { answer: { llm: personal.body.id } } });
    expect(foreignSave.body.validation.issues[0].code).toBe('service_not_found');

    const exposed = await publish(agent.id, { version: '0.2.0' });
    expect(exposed.body.reviewStatus).toBe('rejected');
    expect(exposed.body.reviewReasons.map((r: { code: string }) => r.code)).toEqual([
      'personal_service_config',
    ]);
  });

  it('never returns a bound service config’s secret in any agent response', async () => {
    const [openai] = await t.db.query<{ id: string }>(
      `SELECT id FROM providers WHERE slug = 'openai_compatible'`,
    );
    const apiKey = 'sk-live-Zq8Xw3Vb6Nm1Lk4Jh7Gf2Ds5Ap9Qo0Ie';
    const config = await t
      .http()
      .post('/api/service-configs')
      .set(auth(c.owner))
      .send({
        providerId: openai!.id,
        name: 'My OpenAI',
        configData: { baseURL: 'https://93.184.216.34/v1', apiKey, model: 'gpt-4o-mini' },
      });
    expect(config.status).toBe(201);
    const agent = await createAgent(t, c.owner);
    const bodies: unknown[] = [];
    const save = await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: SIMPLE_DEFINITION, serviceDependencies: { answer: { llm: config.body.id } } });
    bodies.push(save.body);
    bodies.push((await t.http().get(`/api/agents/${agent.id}`).set(auth(c.owner))).body);
    bodies.push((await t.http().get(`/api/agents/${agent.id}/workflow/validate`).set(auth(c.owner))).body);
    bodies.push((await publish(agent.id, { version: '1.0.0' })).body);
    bodies.push((await t.http().get(`/api/agents/${agent.id}/versions/1.0.0`).set(auth(c.owner))).body);
    for (const body of bodies) expect(JSON.stringify(body)).not.toContain(apiKey.slice(8));
    expect(JSON.stringify(bodies)).toContain(config.body.id);
  });

  it('publishes once when two publish requests race for the same draft', async () => {
    const agent = await createAgent(t, c.owner);
    const results = await Promise.all([
      publish(agent.id, { version: '1.0.0' }),
      publish(agent.id, { version: '1.0.1' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const versions = await t.db.query(`SELECT 1 FROM agent_versions WHERE agent_id = $1`, [agent.id]);
    expect(versions).toHaveLength(1);
  });

  it('archives and unarchives (audited); publishing needs an unarchived agent', async () => {
    const agent = await createAgent(t, c.owner);
    await publish(agent.id, { version: '1.0.0' }).expect(201);
    const archived = await t.http().post(`/api/agents/${agent.id}/archive`).set(auth(c.owner));
    expect(archived.status).toBe(200);
    expect(archived.body).toEqual(
      expect.objectContaining({ status: 'archived', archivedAt: expect.any(String) }),
    );
    expect((await t.http().post(`/api/agents/${agent.id}/archive`).set(auth(c.owner))).status).toBe(409);
    await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: SIMPLE_DEFINITION })
      .expect(200);
    const blocked = await publish(agent.id, { version: '1.1.0' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('agent_archived');
    const back = await t.http().post(`/api/agents/${agent.id}/unarchive`).set(auth(c.owner));
    expect(back.body).toEqual(expect.objectContaining({ status: 'published', archivedAt: null }));
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_logs WHERE target_id = $1 AND action LIKE 'agent.%' ORDER BY created_at`,
      [agent.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['agent.created', 'agent.archived', 'agent.unarchived']);
  });

  it('refuses test runs of other developers’ agents and bad test input', async () => {
    const agent = await createAgent(t, c.owner);
    const other = await postSse(t, `/api/agents/${agent.id}/test`, c.other, { input: 'hi' });
    expect(other.status).toBe(404);
    const user = await postSse(t, `/api/agents/${agent.id}/test`, c.user, { input: 'hi' });
    expect(user.status).toBe(403);
    const empty = await postSse(t, `/api/agents/${agent.id}/test`, c.owner, { input: '' });
    expect(empty.status).toBe(400);
    expect((empty.json as { details: Array<{ path: string }> }).details[0]!.path).toBe('body.input');
    const admin = await postSse(t, `/api/agents/${agent.id}/test`, c.admin, { input: 'hi' });
    expect(admin.status).toBe(200);
    expect(admin.events.at(-1)!.event).toBe('done');
  });
});
