import { CatalogUsageRegistry } from '../../src/catalog/catalog-usage.registry';
import { WorkflowTemplateService } from '../../src/catalog/workflow-template.service';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { type Cast, createCast, expectAdminOnly, send } from './catalog-test.util';

const greeter = (greeting = 'Hello') => ({
  schemaVersion: 1,
  entry: 'greet',
  nodes: [
    { id: 'greet', type: 'answer', config: { text: `${greeting}, {{params.name}}! You said {{input}}` } },
  ],
  edges: [{ from: 'greet', to: '__end__' }],
});
const greeterParams = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 2, default: 'friend' },
    tone: { type: 'string', enum: ['warm', 'cool'], default: 'warm' },
  },
  additionalProperties: false,
};
const routerDefinition = {
  entry: 'classify',
  nodes: [
    { id: 'classify', type: 'classifier', config: { labels: ['a', 'b'], prompt: '{{input}}' } },
    { id: 'a', type: 'answer', config: { text: 'A' } },
    { id: 'b', type: 'llm', config: { prompt: '{{input}}' } },
  ],
  edges: [
    {
      from: 'classify',
      type: 'conditional',
      condition: { kind: 'switch', path: 'nodes.classify.output' },
      mapping: { a: 'a', b: 'b' },
    },
    { from: 'a', to: '__end__' },
    { from: 'b', to: '__end__' },
  ],
};

describe('catalog: workflow templates', () => {
  let t: TestApp;
  let cast: Cast;
  const create = (body: Record<string, unknown>) =>
    send(t, 'post', '/api/workflow-templates', cast.admin, body);
  beforeAll(async () => {
    t = await createTestApp();
    cast = await createCast(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('lets only admins create, update and delete templates', async () => {
    const body = { name: 'Matrix', definition: greeter(), parameterSchema: greeterParams, status: 'active' };
    await expectAdminOnly(t, cast, 'post', '/api/workflow-templates', body);
    const created = await create(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      key: 'matrix',
      name: 'Matrix',
      version: 1,
      status: 'active',
      usageCount: 0,
      rating: null,
      complexity: 'simple',
      nodeCount: 1,
      nodeTypes: ['answer'],
      definition: greeter(),
      parameterSchema: greeterParams,
    });
    const url = `/api/workflow-templates/${created.body.id}`;
    await expectAdminOnly(t, cast, 'put', url, { name: 'Matrix 2' });
    const updated = await send(t, 'put', url, cast.admin, { name: 'Matrix 2', rating: 4.5 }).expect(200);
    expect(updated.body).toMatchObject({ name: 'Matrix 2', version: 2, rating: 4.5, key: 'matrix' });
    await expectAdminOnly(t, cast, 'delete', url);
    const deleted = await send(t, 'delete', url, cast.admin).expect(200);
    expect(deleted.body).toEqual({ id: created.body.id, outcome: 'deleted', agents: 0 });
    await send(t, 'get', url, cast.admin).expect(404);
    await send(t, 'put', url, cast.admin, { name: 'gone' }).expect(404);
    await send(t, 'delete', url, cast.admin).expect(404);
    const audit = await t.db.query<{ action: string }>(
      `SELECT action FROM audit_logs WHERE target_id = $1 ORDER BY created_at`,
      [created.body.id],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'workflow_template.created',
      'workflow_template.updated',
      'workflow_template.deleted',
    ]);
  });

  it('rejects bad input with field paths: parameter schema, active definitions, keys, ids', async () => {
    const badSchema = await create({
      name: 'x',
      definition: greeter(),
      parameterSchema: { type: 'object', properties: { name: { type: 'strng' } } },
    });
    expect(badSchema.status).toBe(400);
    expect(badSchema.body.details).toEqual([
      expect.objectContaining({
        path: 'body.parameterSchema.properties.name.type',
        code: 'invalid_json_schema',
      }),
    ]);
    const notObject = await create({ name: 'x', definition: greeter(), parameterSchema: { type: 'string' } });
    expect(notObject.status).toBe(400);
    expect(notObject.body.details[0].path).toBe('body.parameterSchema.type');

    const invalidActive = await create({
      name: 'Broken',
      status: 'active',
      definition: {
        entry: 'a',
        nodes: [
          { id: 'a', type: 'no_such_type' },
          { id: 'b', type: 'answer', config: {} },
        ],
        edges: [{ from: 'a', to: 'b' }],
      },
    });
    expect(invalidActive.status).toBe(422);
    expect(invalidActive.body.code).toBe('template_invalid');
    expect(invalidActive.body.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual(
      expect.arrayContaining([
        ['body.definition.nodes.0.type', 'unknown_node_type'],
        ['body.definition.nodes.1.config.text', 'config_invalid'],
        ['body.definition.edges', 'no_path_to_end'],
      ]),
    );
    // The same work in progress is fine as a draft.
    const draft = await create({
      name: 'Broken',
      definition: { entry: 'a', nodes: [{ id: 'a', type: 'no_such_type' }] },
    });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', key: 'broken', nodeTypes: ['no_such_type'] });

    const missing = await send(t, 'post', '/api/workflow-templates', cast.admin, {});
    expect(missing.status).toBe(400);
    expect(missing.body.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.definition',
      'body.name',
    ]);
    const dupKey = await create({ key: 'broken', name: 'Other', definition: greeter() });
    expect([dupKey.status, dupKey.body.code, dupKey.body.details[0].path]).toEqual([
      409,
      'template_key_taken',
      'body.key',
    ]);
    const autoKey = await create({ name: 'Broken', definition: greeter() });
    expect(autoKey.body.key).toMatch(/^broken-[0-9a-f]{6}$/);
    const badId = await send(t, 'get', '/api/workflow-templates/not-a-uuid', cast.user);
    expect([badId.status, badId.body.details[0].path]).toEqual([400, 'params.id']);
    const badQuery = await send(t, 'get', '/api/workflow-templates?complexity=huge', cast.user);
    expect([badQuery.status, badQuery.body.details[0].path]).toEqual([400, 'query.complexity']);
    const badUpdate = await send(t, 'put', `/api/workflow-templates/${draft.body.id}`, cast.admin, {
      version: 9,
    });
    expect(badUpdate.status).toBe(400);
    const activate = await send(t, 'put', `/api/workflow-templates/${draft.body.id}`, cast.admin, {
      status: 'active',
    });
    expect([activate.status, activate.body.code]).toEqual([422, 'template_invalid']);
  });

  it('rewrites the node and edge tables from the definition on every write, in step with it', async () => {
    const created = await create({ name: 'Index me', definition: routerDefinition, status: 'active' }).expect(
      201,
    );
    const id = created.body.id as string;
    const nodes = () =>
      t.db.query<{ node_id: string; node_type: string }>(
        `SELECT node_id, node_type FROM workflow_template_nodes WHERE template_id = $1 ORDER BY node_id`,
        [id],
      );
    const edges = () =>
      t.db.query<{ from_node: string; to_node: string; edge_type: string; label: string | null }>(
        `SELECT from_node, to_node, edge_type, label FROM workflow_template_edges WHERE template_id = $1 ORDER BY id`,
        [id],
      );
    expect(await nodes()).toEqual([
      { node_id: 'a', node_type: 'answer' },
      { node_id: 'b', node_type: 'llm' },
      { node_id: 'classify', node_type: 'classifier' },
    ]);
    expect(await edges()).toEqual([
      { from_node: 'classify', to_node: 'a', edge_type: 'conditional', label: 'a' },
      { from_node: 'classify', to_node: 'b', edge_type: 'conditional', label: 'b' },
      { from_node: 'a', to_node: '__end__', edge_type: 'normal', label: null },
      { from_node: 'b', to_node: '__end__', edge_type: 'normal', label: null },
    ]);
    expect(created.body.complexity).toBe('medium');

    const updated = await send(t, 'put', `/api/workflow-templates/${id}`, cast.admin, {
      definition: greeter('Hi'),
      parameterSchema: greeterParams,
    }).expect(200);
    expect(updated.body).toMatchObject({
      version: 2,
      complexity: 'simple',
      nodeCount: 1,
      nodeTypes: ['answer'],
    });
    expect(await nodes()).toEqual([{ node_id: 'greet', node_type: 'answer' }]);
    expect(await edges()).toEqual([
      { from_node: 'greet', to_node: '__end__', edge_type: 'normal', label: null },
    ]);

    // A failed update changes nothing: not the definition, not the index, not the version.
    await send(t, 'put', `/api/workflow-templates/${id}`, cast.admin, {
      definition: { entry: 'x', nodes: [{ id: 'x', type: 'nope' }] },
    }).expect(422);
    expect(await nodes()).toEqual([{ node_id: 'greet', node_type: 'answer' }]);
    expect((await send(t, 'get', `/api/workflow-templates/${id}`, cast.admin)).body.version).toBe(2);
    const revisions = await t.db.query<{ version: number }>(
      `SELECT version FROM workflow_template_revisions WHERE template_id = $1 ORDER BY version`,
      [id],
    );
    expect(revisions.map((r) => r.version)).toEqual([1, 2]);

    // Agents built from version 1 can still get exactly that definition.
    const service = t.app.get(WorkflowTemplateService);
    const v1 = await service.instantiate(id, {}, { countUsage: false, version: 1 });
    expect(v1.templateVersion).toBe(1);
    expect((v1.definition as { entry: string }).entry).toBe('classify');
    const v2 = await service.instantiate(id, { name: 'Ann' }, { countUsage: false });
    expect(v2.templateVersion).toBe(2);
    await expect(service.instantiate(id, {}, { countUsage: false, version: 7 })).rejects.toMatchObject({
      status: 404,
      code: 'template_version_not_found',
    });
  });

  describe('search', () => {
    let ids: Record<string, string>;
    beforeAll(async () => {
      const fanout = {
        entry: 'start',
        nodes: [
          { id: 'start', type: 'template', config: { template: '{{input}}' } },
          { id: 'x', type: 'llm', config: {} },
          { id: 'y', type: 'llm', config: {} },
          { id: 'join', type: 'answer', config: { text: 'done' } },
        ],
        edges: [
          { from: 'start', type: 'fanout', targets: ['x', 'y'] },
          { from: 'x', to: 'join' },
          { from: 'y', to: 'join' },
          { from: 'join', to: '__end__' },
        ],
      };
      const made = [
        await create({
          key: 'zz-simple',
          name: 'Zebra greeter',
          category: 'zoo',
          tags: ['stripes'],
          definition: greeter(),
          parameterSchema: greeterParams,
          status: 'active',
        }),
        await create({
          key: 'zz-medium',
          name: 'Zebra router',
          category: 'zoo',
          definition: routerDefinition,
          status: 'active',
        }),
        await create({
          key: 'zz-complex',
          name: 'Zebra fan-out',
          category: 'zoo',
          description: 'parallel stripes',
          definition: fanout,
          status: 'active',
        }),
        await create({
          key: 'zz-draft',
          name: 'Zebra draft',
          category: 'zoo',
          definition: greeter(),
          status: 'draft',
        }),
        await create({
          key: 'zz-old',
          name: 'Zebra old',
          category: 'zoo',
          definition: greeter(),
          parameterSchema: greeterParams,
          status: 'deprecated',
        }),
      ];
      ids = Object.fromEntries(made.map((r) => [r.body.key, r.body.id]));
    });
    const keys = async (query: string, who = cast.developer) => {
      const res = await send(t, 'get', `/api/workflow-templates?${query}`, who);
      expect(res.status).toBe(200);
      return (res.body.items as Array<{ key: string }>).map((i) => i.key).sort();
    };

    it('shows developers and users only active templates, admins every status', async () => {
      expect(await keys('category=zoo')).toEqual(['zz-complex', 'zz-medium', 'zz-simple']);
      expect(await keys('category=zoo&status=draft', cast.user)).toEqual([
        'zz-complex',
        'zz-medium',
        'zz-simple',
      ]);
      expect(await keys('category=zoo', cast.admin)).toEqual([
        'zz-complex',
        'zz-draft',
        'zz-medium',
        'zz-old',
        'zz-simple',
      ]);
      expect(await keys('category=zoo&status=deprecated', cast.admin)).toEqual(['zz-old']);
      await send(t, 'get', `/api/workflow-templates/${ids['zz-draft']}`, cast.developer).expect(404);
      await send(t, 'get', `/api/workflow-templates/${ids['zz-old']}`, cast.user).expect(404);
      await send(t, 'get', `/api/workflow-templates/${ids['zz-draft']}`, cast.admin).expect(200);
      await send(
        t,
        'post',
        `/api/workflow-templates/${ids['zz-old']}/instantiate`,
        cast.developer,
        {},
      ).expect(404);
      await send(t, 'get', '/api/workflow-templates').expect(401);
    });

    it('filters by text, node type and complexity, and pages', async () => {
      expect(await keys('q=stripes')).toEqual(['zz-complex', 'zz-simple']); // tag and description
      expect(await keys('q=ZEBRA%20ROUTER')).toEqual(['zz-medium']);
      expect(await keys('q=100%25')).toEqual([]);
      expect(await keys('category=zoo&nodeType=classifier')).toEqual(['zz-medium']);
      expect(await keys('category=zoo&nodeType=template')).toEqual(['zz-complex']);
      expect(await keys('category=zoo&complexity=simple')).toEqual(['zz-simple']);
      expect(await keys('category=zoo&complexity=medium')).toEqual(['zz-medium']);
      expect(await keys('category=zoo&complexity=complex')).toEqual(['zz-complex']);
      expect(await keys('nodeType=human_input')).toEqual(['customer-service-bot']);

      const page1 = await send(
        t,
        'get',
        '/api/workflow-templates?category=zoo&pageSize=2&page=1',
        cast.developer,
      );
      const page2 = await send(
        t,
        'get',
        '/api/workflow-templates?category=zoo&pageSize=2&page=2',
        cast.developer,
      );
      expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(page1.body.items).toHaveLength(2);
      expect(page2.body.items).toHaveLength(1);
      const all = [...page1.body.items, ...page2.body.items].map((i: { key: string }) => i.key).sort();
      expect(all).toEqual(['zz-complex', 'zz-medium', 'zz-simple']);
      expect(page1.body.items[0]).not.toHaveProperty('definition');
    });
  });

  describe('instantiate, preview, validate and usage', () => {
    let id: string;
    beforeAll(async () => {
      id = (
        await create({
          key: 'greeter',
          name: 'Greeter',
          definition: greeter(),
          parameterSchema: greeterParams,
          status: 'active',
        })
      ).body.id;
    });
    const usage = async () =>
      (
        await t.db.query<{ usage_count: number }>(
          `SELECT usage_count FROM workflow_templates WHERE id = $1`,
          [id],
        )
      )[0].usage_count;

    it('instantiates with parameters and defaults, counting a usage; preview counts none', async () => {
      const res = await send(t, 'post', `/api/workflow-templates/${id}/instantiate`, cast.developer, {
        parameters: { name: 'Ada' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        templateId: id,
        templateVersion: 1,
        parameters: { name: 'Ada', tone: 'warm' },
        definition: {
          ...greeter(),
          nodes: [{ id: 'greet', type: 'answer', config: { text: 'Hello, Ada! You said {{input}}' } }],
        },
        validation: { valid: true, issues: [] },
      });
      expect(await usage()).toBe(1);
      const preview = await send(t, 'post', `/api/workflow-templates/${id}/preview`, cast.developer, {
        parameters: { name: 'Bob' },
      });
      expect(preview.status).toBe(200);
      expect(preview.body.definition.nodes[0].config.text).toBe('Hello, Bob! You said {{input}}');
      expect(await usage()).toBe(1);
      await send(t, 'post', `/api/workflow-templates/${id}/preview`, cast.admin).expect(200);
    });

    it('counts concurrent instantiations atomically', async () => {
      const before = await usage();
      await Promise.all(
        Array.from({ length: 8 }, () =>
          send(t, 'post', `/api/workflow-templates/${id}/instantiate`, cast.developer, {
            parameters: {},
          }).expect(200),
        ),
      );
      expect(await usage()).toBe(before + 8);
    });

    it('answers 400 with parameter paths on bad parameters, and counts nothing', async () => {
      const before = await usage();
      for (const path of ['instantiate', 'preview']) {
        const res = await send(t, 'post', `/api/workflow-templates/${id}/${path}`, cast.developer, {
          parameters: { name: 'A', tone: 'hot', extra: 1 },
        });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.details.map((d: { path: string; code: string }) => [d.path, d.code])).toEqual(
          expect.arrayContaining([
            ['body.parameters.name', 'parameter_invalid'],
            ['body.parameters.tone', 'parameter_invalid'],
            ['body.parameters.extra', 'parameter_invalid'],
          ]),
        );
      }
      const notObject = await send(t, 'post', `/api/workflow-templates/${id}/instantiate`, cast.developer, {
        parameters: [1],
      });
      // A template that uses a parameter its schema does not define: the caller must supply it.
      const loose = await create({
        name: 'Loose',
        definition: greeter('{{params.salutation}}'),
        parameterSchema: { type: 'object', properties: { name: { type: 'string', default: 'x' } } },
      }).expect(201);
      const unsubstituted = await send(
        t,
        'post',
        `/api/workflow-templates/${loose.body.id}/preview`,
        cast.admin,
        {},
      );
      expect(unsubstituted.status).toBe(400);
      expect(unsubstituted.body.details).toEqual([
        expect.objectContaining({ path: 'body.parameters', code: 'parameter_invalid' }),
      ]);
      await send(t, 'post', `/api/workflow-templates/${loose.body.id}/preview`, cast.admin, {
        parameters: { salutation: 'Hey' },
      }).expect(200);
      expect([notObject.status, notObject.body.details[0].path]).toEqual([400, 'body.parameters']);
      expect(await usage()).toBe(before);
    });

    it('keeps users and anonymous callers out of instantiate, preview, validate and usage stats', async () => {
      for (const [method, path] of [
        ['post', 'instantiate'],
        ['post', 'preview'],
        ['post', 'validate'],
        ['get', 'usage-stats'],
      ] as const) {
        const url = `/api/workflow-templates/${id}/${path}`;
        expect((await send(t, method, url, undefined, method === 'post' ? {} : undefined)).status).toBe(401);
        expect((await send(t, method, url, cast.user, method === 'post' ? {} : undefined)).status).toBe(403);
        expect(
          (await send(t, method, url, cast.otherDeveloper, method === 'post' ? {} : undefined)).status,
        ).toBe(200);
      }
    });

    it('validates the definition against the current node types', async () => {
      const ok = await send(t, 'post', `/api/workflow-templates/${id}/validate`, cast.developer).expect(200);
      expect(ok.body).toEqual({ valid: true, issues: [], parameters: { name: 'friend', tone: 'warm' } });
      // An admin tightens the answer node type: the template is now reported invalid.
      await send(t, 'put', '/api/node-types/answer', cast.admin, {
        inputSchema: {
          type: 'object',
          properties: { text: { type: 'string', maxLength: 5 } },
          required: ['text'],
        },
      }).expect(200);
      try {
        const bad = await send(t, 'post', `/api/workflow-templates/${id}/validate`, cast.developer).expect(
          200,
        );
        expect(bad.body.valid).toBe(false);
        expect(bad.body.issues).toEqual([
          expect.objectContaining({ path: 'nodes.0.config.text', code: 'config_invalid', nodeId: 'greet' }),
        ]);
      } finally {
        await send(t, 'put', '/api/node-types/answer', cast.admin, {
          inputSchema: {
            type: 'object',
            properties: { text: { type: 'string', maxLength: 100000 } },
            required: ['text'],
          },
        }).expect(200);
      }
    });

    it('reports usage stats from its own counter and the registered agent lookups', async () => {
      const registry = t.app.get(CatalogUsageRegistry);
      registry.registerTemplateUsage(async (templateId) =>
        templateId === id ? { agents: 2, chats: 5 } : { agents: 0, chats: 0 },
      );
      registry.registerTemplateUsage(async (templateId) =>
        templateId === id ? { agents: 1, chats: 1 } : { agents: 0, chats: 0 },
      );
      const stats = await send(t, 'get', `/api/workflow-templates/${id}/usage-stats`, cast.developer).expect(
        200,
      );
      expect(stats.body).toEqual({ instantiations: await usage(), agents: 3, chats: 6 });
    });

    it('deprecates instead of deleting a template that agents use', async () => {
      const res = await send(t, 'delete', `/api/workflow-templates/${id}`, cast.admin).expect(200);
      expect(res.body).toEqual({ id, outcome: 'deprecated', agents: 3 });
      await send(t, 'get', `/api/workflow-templates/${id}`, cast.developer).expect(404);
      const row = await send(t, 'get', `/api/workflow-templates/${id}`, cast.admin).expect(200);
      expect(row.body.status).toBe('deprecated');
      // Internal re-instantiation for the agents built from it still works.
      const again = await t.app.get(WorkflowTemplateService).instantiate(id, {}, { countUsage: false });
      expect(again.validation.valid).toBe(true);
    });
  });
});
