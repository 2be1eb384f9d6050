import { BUILTIN_NODE_TYPES } from '@agenthub/engine';
import { CatalogUsageRegistry } from '../../src/catalog/catalog-usage.registry';
import { NodeTypeService } from '../../src/catalog/node-type.service';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { type Cast, createCast, expectAdminOnly, send } from './catalog-test.util';

const faqNodeType = (typeName: string) => ({
  typeName,
  kind: 'llm',
  displayName: 'FAQ answer',
  description: 'An LLM node preset for FAQ answers',
  category: 'support',
  tags: ['faq'],
  inputSchema: {
    type: 'object',
    properties: {
      system: { type: 'string' },
      prompt: { type: 'string', minLength: 1 },
      temperature: { type: 'number', minimum: 0, maximum: 2 },
    },
    required: ['prompt', 'system'],
  },
  outputSchema: { type: 'string' },
  requiredServices: ['llm'],
  defaultConfig: { prompt: '{{input}}', temperature: 0.2 },
});

describe('catalog: node types', () => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    cast = await createCast(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('seeds one built-in node type per executor kind, listed for any signed-in user', async () => {
    const res = await send(t, 'get', '/api/node-types', cast.user).expect(200);
    const builtins = (res.body.items as Array<{ typeName: string; kind: string; builtin: boolean }>).filter(
      (n) => n.builtin,
    );
    expect(builtins.map((n) => n.kind).sort()).toEqual(BUILTIN_NODE_TYPES.map((n) => n.kind).sort());
    expect(res.body.pageSize).toBe(100);
    const llm = await send(t, 'get', '/api/node-types/llm', cast.developer).expect(200);
    expect(llm.body).toMatchObject({
      typeName: 'llm',
      kind: 'llm',
      builtin: true,
      requiredServices: ['llm'],
      inputSchema: { required: ['prompt'] },
      defaultConfig: { prompt: '{{input}}' },
    });
    await send(t, 'get', '/api/node-types').expect(401);
  });

  it('filters by category and kind, and 404s / 400s on unknown or malformed names', async () => {
    const ai = await send(t, 'get', '/api/node-types?category=ai', cast.user).expect(200);
    expect(ai.body.items.length).toBeGreaterThan(0);
    expect(ai.body.items.every((n: { category: string }) => n.category === 'ai')).toBe(true);
    const kind = await send(t, 'get', '/api/node-types?kind=answer', cast.user).expect(200);
    expect(kind.body.items.map((n: { typeName: string }) => n.typeName)).toEqual(['answer']);
    const missing = await send(t, 'get', '/api/node-types/nope', cast.user);
    expect([missing.status, missing.body.code]).toEqual([404, 'not_found']);
    const bad = await send(t, 'get', '/api/node-types/Bad%20Name', cast.user);
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('params.type');
    const page = await send(t, 'get', '/api/node-types?pageSize=500', cast.user);
    expect(page.status).toBe(400);
    expect(page.body.details[0].path).toBe('query.pageSize');
  });

  it('lets only admins create, update and delete node types', async () => {
    await expectAdminOnly(t, cast, 'post', '/api/node-types', faqNodeType('matrix_type'));
    const created = await send(t, 'post', '/api/node-types', cast.admin, faqNodeType('matrix_type'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ typeName: 'matrix_type', kind: 'llm', builtin: false, icon: null });

    await expectAdminOnly(t, cast, 'put', '/api/node-types/matrix_type', { displayName: 'Changed' });
    const updated = await send(t, 'put', '/api/node-types/matrix_type', cast.admin, {
      displayName: 'Changed',
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      displayName: 'Changed',
      description: 'An LLM node preset for FAQ answers',
    });

    await expectAdminOnly(t, cast, 'delete', '/api/node-types/matrix_type');
    await send(t, 'delete', '/api/node-types/matrix_type', cast.admin).expect(204);
    await send(t, 'get', '/api/node-types/matrix_type', cast.admin).expect(404);
    await send(t, 'put', '/api/node-types/matrix_type', cast.admin, { displayName: 'x' }).expect(404);
    await send(t, 'delete', '/api/node-types/matrix_type', cast.admin).expect(404);

    const audit = await t.db.query<{ action: string; actor_id: string }>(
      `SELECT action, actor_id FROM audit_logs WHERE target_type = 'node_type' AND target_id = 'matrix_type' ORDER BY created_at`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'node_type.created',
      'node_type.updated',
      'node_type.deleted',
    ]);
    expect(audit.every((a) => a.actor_id === cast.admin.id)).toBe(true);
  });

  it('refuses an unknown executor kind, invalid JSON Schemas and defaults breaking the schema, with field paths', async () => {
    const unknownKind = await send(t, 'post', '/api/node-types', cast.admin, {
      ...faqNodeType('bad1'),
      kind: 'teleport',
    });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.body.code).toBe('validation_failed');
    expect(unknownKind.body.details).toEqual([
      expect.objectContaining({ path: 'body.kind', code: 'unknown_executor_kind' }),
    ]);

    const badSchema = await send(t, 'post', '/api/node-types', cast.admin, {
      ...faqNodeType('bad2'),
      inputSchema: { type: 'object', properties: { prompt: { type: 'text' } } },
      outputSchema: { type: 'string', pattern: '(' },
    });
    expect(badSchema.status).toBe(400);
    expect(badSchema.body.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual(
      expect.arrayContaining([
        ['body.inputSchema.properties.prompt.type', 'invalid_json_schema'],
        ['body.outputSchema', 'invalid_json_schema'],
      ]),
    );

    const badDefaults = await send(t, 'post', '/api/node-types', cast.admin, {
      ...faqNodeType('bad3'),
      defaultConfig: { temperature: 7, retry: { maxAttempts: 0 } },
    });
    expect(badDefaults.status).toBe(400);
    expect(badDefaults.body.details.map((d: { path: string }) => d.path)).toEqual([
      'body.defaultConfig.temperature',
      'body.defaultConfig.retry.maxAttempts',
    ]);

    const badBody = await send(t, 'post', '/api/node-types', cast.admin, {
      typeName: 'Has Space',
      kind: 'llm',
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['body.typeName', 'body.displayName', 'body.inputSchema']),
    );

    const strictUpdate = await send(t, 'put', '/api/node-types/llm', cast.admin, { typeName: 'renamed' });
    expect(strictUpdate.status).toBe(400);
    const badUpdate = await send(t, 'put', '/api/node-types/template', cast.admin, {
      inputSchema: { type: 5 },
    });
    expect(badUpdate.status).toBe(400);
    expect(badUpdate.body.details[0].path).toBe('body.inputSchema.type');

    expect((await t.db.query(`SELECT 1 FROM node_types WHERE type_name LIKE 'bad%'`)).length).toBe(0);
  });

  it('answers 409 for a duplicate type name, deleting a built-in or changing its kind', async () => {
    const dup = await send(t, 'post', '/api/node-types', cast.admin, { ...faqNodeType('llm') });
    expect([dup.status, dup.body.code]).toEqual([409, 'node_type_exists']);
    const del = await send(t, 'delete', '/api/node-types/llm', cast.admin);
    expect([del.status, del.body.code]).toEqual([409, 'node_type_builtin']);
    const kind = await send(t, 'put', '/api/node-types/llm', cast.admin, { kind: 'answer' });
    expect([kind.status, kind.body.code]).toEqual([409, 'node_type_builtin']);
  });

  it('validates a config merged over the defaults, with paths', async () => {
    await send(t, 'post', '/api/node-types', cast.admin, faqNodeType('faq_check')).expect(201);
    const url = '/api/node-types/faq_check/validate-config';
    const ok = await send(t, 'post', url, cast.developer, { config: { system: 'Be kind.' } }).expect(200);
    expect(ok.body).toEqual({
      valid: true,
      config: { prompt: '{{input}}', temperature: 0.2, system: 'Be kind.' },
      errors: [],
      warnings: [],
    });
    const bad = await send(t, 'post', url, cast.admin, {
      config: { temperature: 3, timeoutMs: 'soon', colour: 'red' },
    }).expect(200);
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['config.system', 'config_invalid'],
        ['config.temperature', 'config_invalid'],
        ['config.timeoutMs', 'config_invalid'],
      ]),
    );
    expect(bad.body.warnings).toEqual([
      expect.objectContaining({ path: 'config.colour', code: 'unknown_config_key' }),
    ]);

    const notObject = await send(t, 'post', url, cast.developer, { config: 'x' });
    expect(notObject.status).toBe(400);
    expect(notObject.body.details[0].path).toBe('body.config');
    await send(t, 'post', '/api/node-types/nope/validate-config', cast.developer, { config: {} }).expect(404);
    const anon = await send(t, 'post', url, undefined, { config: {} });
    expect(anon.status).toBe(401);
    const user = await send(t, 'post', url, cast.user, { config: {} });
    expect(user.status).toBe(403);
  });

  it('refuses to delete a node type used by a template or an agent version, listing where (409)', async () => {
    await send(t, 'post', '/api/node-types', cast.admin, faqNodeType('faq_used')).expect(201);
    const template = await send(t, 'post', '/api/workflow-templates', cast.admin, {
      name: 'Uses faq_used',
      status: 'draft',
      definition: {
        entry: 'a',
        nodes: [{ id: 'a', type: 'faq_used', config: { system: 'x' } }],
        edges: [{ from: 'a', to: '__end__' }],
      },
    }).expect(201);
    const registry = t.app.get(CatalogUsageRegistry);
    registry.registerNodeTypeUsage(async (typeName) =>
      typeName === 'faq_used' ? [{ kind: 'agent_version', id: 'v-1', name: 'Support bot 1.0.0' }] : [],
    );

    const res = await send(t, 'delete', '/api/node-types/faq_used', cast.admin);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('node_type_in_use');
    expect(res.body.details).toEqual([
      {
        path: `workflow_template.${template.body.id}`,
        code: 'node_type_in_use',
        message: 'Used by workflow template "Uses faq_used"',
      },
      {
        path: 'agent_version.v-1',
        code: 'node_type_in_use',
        message: 'Used by agent version "Support bot 1.0.0"',
      },
    ]);
    await send(t, 'get', '/api/node-types/faq_used', cast.admin).expect(200);

    // Once the template stops using it, only the agent version still blocks it.
    await send(t, 'put', `/api/workflow-templates/${template.body.id}`, cast.admin, {
      definition: {
        entry: 'a',
        nodes: [{ id: 'a', type: 'answer', config: { text: 'hi' } }],
        edges: [{ from: 'a', to: '__end__' }],
      },
    }).expect(200);
    const again = await send(t, 'delete', '/api/node-types/faq_used', cast.admin);
    expect(again.body.details.map((d: { path: string }) => d.path)).toEqual(['agent_version.v-1']);
  });

  it('lists where a node type is used, with agent links, for admins only', async () => {
    await send(t, 'post', '/api/node-types', cast.admin, faqNodeType('faq_usage')).expect(201);
    const url = '/api/node-types/faq_usage/usage';
    await expectAdminOnly(t, cast, 'get', url);
    const unused = await send(t, 'get', url, cast.admin).expect(200);
    expect(unused.body).toEqual({ typeName: 'faq_usage', total: 0, items: [] });

    const template = await send(t, 'post', '/api/workflow-templates', cast.admin, {
      name: 'Uses faq_usage',
      status: 'draft',
      definition: {
        entry: 'a',
        nodes: [{ id: 'a', type: 'faq_usage', config: { system: 'x' } }],
        edges: [{ from: 'a', to: '__end__' }],
      },
    }).expect(201);
    t.app
      .get(CatalogUsageRegistry)
      .registerNodeTypeUsage(async (typeName) =>
        typeName === 'faq_usage'
          ? [{ kind: 'agent_version', id: 'v-9', name: 'Help bot (draft)', agentId: 'agent-9' }]
          : [],
      );
    const used = await send(t, 'get', url, cast.admin).expect(200);
    expect(used.body).toEqual({
      typeName: 'faq_usage',
      total: 2,
      items: [
        { kind: 'workflow_template', id: template.body.id, name: 'Uses faq_usage' },
        { kind: 'agent_version', id: 'v-9', name: 'Help bot (draft)', agentId: 'agent-9' },
      ],
    });
    const missing = await send(t, 'get', '/api/node-types/nope/usage', cast.admin);
    expect([missing.status, missing.body.code]).toEqual([404, 'not_found']);
  });

  it('keeps the descriptors used for workflow validation in step with admin changes', async () => {
    const service = t.app.get(NodeTypeService);
    const before = await service.listDescriptors();
    expect(before.find((d) => d.typeName === 'cache_probe')).toBeUndefined();
    expect(await service.listDescriptors()).toBe(before); // cached

    await send(t, 'post', '/api/node-types', cast.admin, faqNodeType('cache_probe')).expect(201);
    const created = (await service.listDescriptors()).find((d) => d.typeName === 'cache_probe');
    expect(created).toMatchObject({
      kind: 'llm',
      requiredServices: ['llm'],
      defaultConfig: { temperature: 0.2 },
    });

    await send(t, 'put', '/api/node-types/cache_probe', cast.admin, {
      defaultConfig: { temperature: 1 },
    }).expect(200);
    expect(
      (await service.listDescriptors()).find((d) => d.typeName === 'cache_probe')?.defaultConfig,
    ).toEqual({
      temperature: 1,
    });
    await send(t, 'delete', '/api/node-types/cache_probe', cast.admin).expect(204);
    expect((await service.listDescriptors()).find((d) => d.typeName === 'cache_probe')).toBeUndefined();
  });

  it('seeds idempotently at boot and never overwrites an admin edit of a built-in', async () => {
    await send(t, 'put', '/api/node-types/llm', cast.admin, {
      displayName: 'Chat model',
      tags: ['edited'],
    }).expect(200);
    const count = async () => (await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM node_types`))[0].n;
    const templates = async () =>
      (await t.db.query<{ n: string }>(`SELECT count(*) AS n FROM workflow_templates`))[0].n;
    const [types0, templates0] = [await count(), await templates()];

    const second = await createTestApp({ database: t.db });
    try {
      // The second app signs tokens with its own key: log in there.
      const session = await second.login(cast.admin.email, cast.admin.password);
      const llm = await second
        .http()
        .get('/api/node-types/llm')
        .set('Authorization', `Bearer ${session.accessToken}`)
        .expect(200);
      expect(llm.body).toMatchObject({ displayName: 'Chat model', tags: ['edited'] });
      expect(await count()).toBe(types0);
      expect(await templates()).toBe(templates0);
    } finally {
      await second.app.close();
    }
  });
});

describe('catalog: OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('documents every catalog route with its request and response schemas', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const routes = [
      ['get', '/api/node-types'],
      ['post', '/api/node-types'],
      ['get', '/api/node-types/{type}'],
      ['put', '/api/node-types/{type}'],
      ['delete', '/api/node-types/{type}'],
      ['post', '/api/node-types/{type}/validate-config'],
      ['get', '/api/workflow-templates'],
      ['post', '/api/workflow-templates'],
      ['get', '/api/workflow-templates/{id}'],
      ['put', '/api/workflow-templates/{id}'],
      ['delete', '/api/workflow-templates/{id}'],
      ['post', '/api/workflow-templates/{id}/validate'],
      ['post', '/api/workflow-templates/{id}/instantiate'],
      ['post', '/api/workflow-templates/{id}/preview'],
      ['get', '/api/workflow-templates/{id}/usage-stats'],
    ];
    for (const [method, path] of routes) {
      const op = doc.paths[path]?.[method];
      expect([method, path, !!op]).toEqual([method, path, true]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401']));
    }
    expect(doc.paths['/api/node-types'].post.requestBody).toBeDefined();
    expect(doc.paths['/api/workflow-templates/{id}/instantiate'].post.requestBody).toBeDefined();
  });
});
