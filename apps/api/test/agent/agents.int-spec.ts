import { WORKFLOW_LIMITS } from '@agenthub/contracts';
import type { TestApp, TestUser } from '../helpers/test-app';
import {
  auth,
  type Cast,
  createAgent,
  createAgentTestApp,
  createCast,
  SIMPLE_DEFINITION,
  templateIdByKey,
} from './agent-test.helpers';

type Who = 'anonymous' | 'user' | 'other' | 'owner' | 'admin';

describe('agents and workflow editing', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createAgentTestApp();
    c = await createCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (who: Who): TestUser | null => (who === 'anonymous' ? null : c[who]);
  const send = (
    who: Who,
    method: 'post' | 'put' | 'patch' | 'delete' | 'get',
    path: string,
    body?: unknown,
  ) => {
    const u = as(who);
    let req = t.http()[method](path);
    if (u) req = req.set(auth(u));
    return body === undefined ? req : req.send(body as object);
  };

  /** anonymous 401, plain user 403, another developer 404; returns the owner's and admin's statuses. */
  async function expectMatrix(
    method: 'post' | 'put' | 'patch' | 'delete' | 'get',
    path: (agentId: string) => string,
    body: unknown,
    expectOk: number,
  ) {
    const agent = await createAgent(t, c.owner);
    expect((await send('anonymous', method, path(agent.id), body)).status).toBe(401);
    expect((await send('user', method, path(agent.id), body)).status).toBe(403);
    const other = await send('other', method, path(agent.id), body);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    expect((await send('owner', method, path(agent.id), body)).status).toBe(expectOk);
    const adminAgent = await createAgent(t, c.owner);
    expect((await send('admin', method, path(adminAgent.id), body)).status).toBe(expectOk);
  }

  it('applies the role and ownership matrix to every write route', async () => {
    const create = { name: 'Matrix agent' };
    expect((await send('anonymous', 'post', '/api/agents', create)).status).toBe(401);
    expect((await send('user', 'post', '/api/agents', create)).status).toBe(403);
    expect((await send('owner', 'post', '/api/agents', create)).status).toBe(201);
    expect((await send('admin', 'post', '/api/agents', create)).status).toBe(201);

    const translator = await templateIdByKey(t, 'translator');
    await expectMatrix('patch', (id) => `/api/agents/${id}`, { description: 'changed' }, 200);
    await expectMatrix('put', (id) => `/api/agents/${id}/workflow`, { definition: SIMPLE_DEFINITION }, 200);
    await expectMatrix(
      'post',
      (id) => `/api/agents/${id}/workflow/from-template`,
      { templateId: translator },
      200,
    );
    await expectMatrix('get', (id) => `/api/agents/${id}/workflow/validate`, undefined, 200);
    await expectMatrix('post', (id) => `/api/agents/${id}/archive`, undefined, 200);
    await expectMatrix('post', (id) => `/api/agents/${id}/publish`, { version: '1.0.0' }, 201);
    await expectMatrix('delete', (id) => `/api/agents/${id}`, undefined, 204);
    await expectMatrix('get', (id) => `/api/agents/${id}`, undefined, 200);

    const archived = await createAgent(t, c.owner);
    await send('owner', 'post', `/api/agents/${archived.id}/archive`).expect(200);
    expect((await send('other', 'post', `/api/agents/${archived.id}/unarchive`)).status).toBe(404);
    expect((await send('user', 'post', `/api/agents/${archived.id}/unarchive`)).status).toBe(403);
    expect((await send('admin', 'post', `/api/agents/${archived.id}/unarchive`)).status).toBe(200);
  });

  it('lists only your own agents; admins see everyone’s and can filter by owner', async () => {
    const mine = await createAgent(t, c.other, { name: 'Only mine' });
    const ownerList = await send('owner', 'get', '/api/agents?pageSize=100');
    expect(ownerList.body.items.every((a: { ownerId: string }) => a.ownerId === c.owner.id)).toBe(true);
    const otherList = await send('other', 'get', '/api/agents?q=Only%20mine');
    expect(otherList.body.items.map((a: { id: string }) => a.id)).toEqual([mine.id]);
    const adminList = await send('admin', 'get', `/api/agents?ownerId=${c.other.id}`);
    expect(adminList.body.items.map((a: { id: string }) => a.id)).toContain(mine.id);
    expect(adminList.body.items.every((a: { ownerId: string }) => a.ownerId === c.other.id)).toBe(true);
  });

  it('creates an agent with a generated unique slug, a draft and the starter workflow', async () => {
    const a = await send('owner', 'post', '/api/agents', {
      name: 'Travel Planner!',
      tags: ['Trips', 'trips'],
    });
    expect(a.status).toBe(201);
    expect(a.body).toEqual(
      expect.objectContaining({
        slug: 'travel-planner',
        status: 'draft',
        tags: ['trips'],
        latestVersion: null,
      }),
    );
    expect(a.body.draft).toEqual(
      expect.objectContaining({
        version: null,
        reviewStatus: 'draft',
        source: 'inline',
        resolvedDefinition: expect.any(Object),
      }),
    );
    const b = await send('other', 'post', '/api/agents', { name: 'Travel planner' });
    expect(b.body.slug).toBe('travel-planner-2');
    const zh = await send('owner', 'post', '/api/agents', { name: '旅行助手' });
    expect(zh.body.slug).toMatch(/^agent(-\d+)?$/);

    const taken = await send('owner', 'post', '/api/agents', { name: 'X', slug: 'travel-planner' });
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('slug_taken');
    const rename = await send('other', 'patch', `/api/agents/${b.body.id}`, { slug: 'travel-planner' });
    expect(rename.status).toBe(409);
    expect(rename.body.code).toBe('slug_taken');

    // Deleting frees the slug (soft delete keeps the row).
    await send('owner', 'delete', `/api/agents/${a.body.id}`).expect(204);
    expect((await send('owner', 'get', `/api/agents/${a.body.id}`)).status).toBe(404);
    const again = await send('owner', 'post', '/api/agents', { name: 'X', slug: 'travel-planner' });
    expect(again.status).toBe(201);
    const [row] = await t.db.query<{ deleted_at: Date | null }>(
      `SELECT deleted_at FROM agents WHERE id = $1`,
      [a.body.id],
    );
    expect(row!.deleted_at).not.toBeNull();
    const audit = await t.db.query(
      `SELECT 1 FROM audit_logs WHERE action = 'agent.deleted' AND target_id = $1`,
      [a.body.id],
    );
    expect(audit).toHaveLength(1);
  });

  it('creates an agent from a template with a snapshot of the template', async () => {
    const templateId = await templateIdByKey(t, 'translator');
    const res = await send('owner', 'post', '/api/agents', {
      name: 'My translator',
      templateId,
      parameters: {},
    });
    expect(res.status).toBe(201);
    expect(res.body.templateId).toBe(templateId);
    expect(res.body.draft).toEqual(
      expect.objectContaining({
        source: 'template',
        workflowDefinition: null,
        workflowTemplateId: templateId,
        templateParameters: expect.any(Object),
        templateVersion: 1,
      }),
    );
    const unknown = await send('owner', 'post', '/api/agents', {
      name: 'Nope',
      templateId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
  });

  it('saves an inline workflow with settings and returns its validation', async () => {
    const agent = await createAgent(t, c.owner);
    const res = await send('owner', 'put', `/api/agents/${agent.id}/workflow`, {
      definition: SIMPLE_DEFINITION,
      systemPrompt: 'You are concise.',
      modelParamsOverride: { temperature: 0.2 },
      toolDependencies: [],
      ragEnabled: true,
      stepLimit: 20,
    });
    expect(res.status).toBe(200);
    expect(res.body.validation).toEqual({ valid: true, issues: [] });
    expect(res.body.draft).toEqual(
      expect.objectContaining({
        source: 'inline',
        systemPrompt: 'You are concise.',
        ragEnabled: true,
        stepLimit: 20,
        modelParamsOverride: { temperature: 0.2 },
        workflowTemplateId: null,
      }),
    );
    // Fields left out keep their values.
    const again = await send('owner', 'put', `/api/agents/${agent.id}/workflow`, {
      definition: SIMPLE_DEFINITION,
    });
    expect(again.body.draft.systemPrompt).toBe('You are concise.');
  });

  it('switches between a template snapshot and an inline workflow (one source only)', async () => {
    const agent = await createAgent(t, c.owner);
    const templateId = await templateIdByKey(t, 'writer');
    const fromTemplate = await send('owner', 'post', `/api/agents/${agent.id}/workflow/from-template`, {
      templateId,
      parameters: {},
    });
    expect(fromTemplate.status).toBe(200);
    expect(fromTemplate.body.draft.source).toBe('template');
    const [row] = await t.db.query<{ workflow_definition: unknown; workflow_template_id: string }>(
      `SELECT workflow_definition, workflow_template_id FROM agent_versions WHERE id = $1`,
      [fromTemplate.body.draft.id],
    );
    expect(row).toEqual({ workflow_definition: null, workflow_template_id: templateId });

    const inline = await send('owner', 'put', `/api/agents/${agent.id}/workflow`, {
      definition: SIMPLE_DEFINITION,
    });
    expect(inline.body.draft).toEqual(
      expect.objectContaining({ source: 'inline', workflowTemplateId: null, templateParameters: null }),
    );

    // The database itself refuses a version with both sources.
    await expect(
      t.db.query(
        `UPDATE agent_versions SET workflow_template_id = $2, template_parameters = '{}', template_version = 1 WHERE id = $1`,
        [inline.body.draft.id, templateId],
      ),
    ).rejects.toThrow(/agent_versions_one_workflow_source/);
  });

  it('refuses bad workflow requests with field paths and never a 500', async () => {
    const agent = await createAgent(t, c.owner);
    const put = (body: unknown) => send('owner', 'put', `/api/agents/${agent.id}/workflow`, body);
    const templateId = await templateIdByKey(t, 'writer');

    const both = await put({ definition: SIMPLE_DEFINITION, templateId });
    expect(both.status).toBe(400);
    expect(both.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.definition',
      'body.templateId',
    ]);

    const neither = await put({ systemPrompt: 'x' });
    expect(neither.status).toBe(400);
    expect(neither.body.details[0].path).toBe('body.definition');

    const malformed = await put({
      definition: { entry: 'a', nodes: [{ id: '1 bad', type: 'llm' }], edges: [{ to: 'x' }] },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('validation_failed');
    const paths = malformed.body.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.definition.nodes.0.id']));
    expect(paths.some((p: string) => p.startsWith('body.definition.edges.0'))).toBe(true);

    const notAnObject = await put({ definition: 'nodes: []' });
    expect(notAnObject.status).toBe(400);

    const badParams = await put({ templateId, parameters: { tone: 42 } });
    expect(badParams.status).toBe(400);
    expect(badParams.body.details[0].path).toMatch(/^body\.parameters/);

    const badBinding = await put({
      definition: SIMPLE_DEFINITION,
      serviceDependencies: { answer: { llm: 'not-a-uuid' } },
    });
    expect(badBinding.status).toBe(400);
    expect(badBinding.body.details[0].path).toBe('body.serviceDependencies.answer.llm');
  });

  it('saves but flags semantic problems: unknown node type, config not matching schema, missing services/tools', async () => {
    const agent = await createAgent(t, c.owner);
    const res = await send('owner', 'put', `/api/agents/${agent.id}/workflow`, {
      definition: {
        entry: 'a',
        nodes: [
          { id: 'a', type: 'no_such_type', config: {} },
          { id: 'b', type: 'llm', config: { prompt: 42 } },
          { id: 'c', type: 'tool_call', config: { server: 'nowhere', tool: 'search', args: {} } },
        ],
        edges: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'c' },
          { from: 'c', to: '__end__' },
        ],
      },
      serviceDependencies: { b: { llm: '00000000-0000-4000-8000-000000000001' }, ghost: {} },
    });
    expect(res.status).toBe(200);
    expect(res.body.validation.valid).toBe(false);
    const issues = res.body.validation.issues as Array<{ code: string; path: string; nodeId?: string }>;
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'unknown_node_type',
          nodeId: 'a',
          path: expect.stringMatching(/^definition\.nodes\.0/),
        }),
        expect.objectContaining({
          code: 'config_invalid',
          nodeId: 'b',
          path: expect.stringMatching(/^definition\.nodes\.1\.config/),
        }),
        expect.objectContaining({
          code: 'mcp_server_not_found',
          nodeId: 'c',
          path: 'definition.nodes.2.config.server',
        }),
        expect.objectContaining({
          code: 'service_not_found',
          nodeId: 'b',
          path: 'serviceDependencies.b.llm',
        }),
        expect.objectContaining({ code: 'unknown_node', path: 'serviceDependencies.ghost' }),
      ]),
    );
    const validate = await send('owner', 'get', `/api/agents/${agent.id}/workflow/validate`);
    expect(validate.body).toEqual(res.body.validation);
  });

  it('refuses oversize definitions: 413 past 256 KB, 400 past WORKFLOW_LIMITS.maxNodes nodes', async () => {
    const agent = await createAgent(t, c.owner);
    const big = {
      ...SIMPLE_DEFINITION,
      nodes: [{ id: 'answer', type: 'llm', config: { prompt: '{{input}}', system: 'x'.repeat(300 * 1024) } }],
    };
    const tooBig = await send('owner', 'put', `/api/agents/${agent.id}/workflow`, { definition: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.code).toBe('definition_too_large');
    expect(tooBig.body.details[0].path).toBe('body.definition');

    const nodes = Array.from({ length: WORKFLOW_LIMITS.maxNodes + 1 }, (_, i) => ({
      id: `n${i}`,
      type: 'answer',
      config: { text: 'hi' },
    }));
    const edges = nodes.map((n, i) => ({
      from: n.id,
      to: i === WORKFLOW_LIMITS.maxNodes ? '__end__' : `n${i + 1}`,
    }));
    const tooMany = await send('owner', 'put', `/api/agents/${agent.id}/workflow`, {
      definition: { entry: 'n0', nodes, edges },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.code).toBe('definition_too_large');
    expect(tooMany.body.details[0].path).toBe('body.definition.nodes');
  });

  it('validates query, params and bodies of the other routes with field paths', async () => {
    expect((await send('owner', 'get', '/api/agents/not-a-uuid')).body.details[0].path).toBe('params.id');
    expect((await send('owner', 'get', '/api/agents?pageSize=1000')).body.details[0].path).toBe(
      'query.pageSize',
    );
    const badCreate = await send('owner', 'post', '/api/agents', {
      name: '',
      slug: 'Bad Slug',
      categoryId: 'x',
    });
    expect(badCreate.status).toBe(400);
    expect(badCreate.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.categoryId',
      'body.name',
      'body.slug',
    ]);
    const noCategory = await send('owner', 'post', '/api/agents', {
      name: 'x',
      categoryId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noCategory.status).toBe(400);
    expect(noCategory.body.details[0].path).toBe('body.categoryId');
    const emptyPatch = await send('owner', 'patch', `/api/agents/${(await createAgent(t, c.owner)).id}`, {});
    expect(emptyPatch.status).toBe(400);
  });
});
