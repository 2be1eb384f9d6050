import { createTestApp, type TestApp } from '../helpers/test-app';
import { type Cast, createCast, expectAdminOnly, send } from './catalog-test.util';

/** The routes behind the admin template editor: validating an unsaved draft, and the revisions list. */
const definition = (text = 'Hello, {{params.name}}') => ({
  schemaVersion: 1,
  entry: 'greet',
  nodes: [{ id: 'greet', type: 'answer', config: { text } }],
  edges: [{ from: 'greet', to: '__end__' }],
});
const parameterSchema = {
  type: 'object',
  properties: { name: { type: 'string', default: 'friend' } },
};

describe('catalog: the template editor routes', () => {
  let t: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    t = await createTestApp();
    cast = await createCast(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('validates an unsaved draft with sample parameters, problems per node (admins only)', async () => {
    const url = '/api/workflow-templates/validate';
    await expectAdminOnly(t, cast, 'post', url, { definition: definition(), parameterSchema });

    const ok = await send(t, 'post', url, cast.admin, { definition: definition(), parameterSchema });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ valid: true, parameters: { name: 'friend' } });

    const broken = await send(t, 'post', url, cast.admin, {
      definition: {
        ...definition(),
        nodes: [...definition().nodes, { id: 'lost', type: 'answer', config: { text: 'x' } }],
      },
      parameterSchema,
    });
    expect(broken.status).toBe(200);
    expect(broken.body.valid).toBe(false);
    expect(
      broken.body.issues.map((i: { code: string; nodeId?: string }) => [i.code, i.nodeId]),
    ).toContainEqual(['unreachable_node', 'lost']);

    const unknownType = await send(t, 'post', url, cast.admin, {
      definition: { entry: 'a', nodes: [{ id: 'a', type: 'no_such_type' }], edges: [] },
    });
    expect(unknownType.status).toBe(200);
    expect(unknownType.body.valid).toBe(false);

    const badSchema = await send(t, 'post', url, cast.admin, {
      definition: definition(),
      parameterSchema: { type: 'string' },
    });
    expect(badSchema.status).toBe(400);
    expect(badSchema.body.details.map((d: { path: string }) => d.path)).toContain(
      'body.parameterSchema.type',
    );

    const noDefinition = await send(t, 'post', url, cast.admin, { parameterSchema });
    expect(noDefinition.status).toBe(400);
    expect(noDefinition.body.details.map((d: { path: string }) => d.path)).toContain('body.definition');
  });

  it('lists every stored version newest first (admins only; unknown → 404)', async () => {
    const created = await send(t, 'post', '/api/workflow-templates', cast.admin, {
      name: 'Revisions',
      definition: definition(),
      parameterSchema,
    }).expect(201);
    const id = created.body.id as string;
    await send(t, 'put', `/api/workflow-templates/${id}`, cast.admin, {
      definition: {
        ...definition('Hi {{params.name}}'),
        nodes: [...definition().nodes, { id: 'x', type: 'answer', config: { text: 'x' } }],
      },
    }).expect(200);

    const url = `/api/workflow-templates/${id}/revisions`;
    await expectAdminOnly(t, cast, 'get', url);
    const list = await send(t, 'get', url, cast.admin).expect(200);
    expect(
      list.body.items.map((r: { version: number; nodeCount: number }) => [r.version, r.nodeCount]),
    ).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(typeof list.body.items[0].createdAt).toBe('string');

    const missing = await send(
      t,
      'get',
      '/api/workflow-templates/00000000-0000-4000-8000-000000000000/revisions',
      cast.admin,
    );
    expect([missing.status, missing.body.code]).toEqual([404, 'not_found']);
    const badId = await send(t, 'get', '/api/workflow-templates/nope/revisions', cast.admin);
    expect(badId.status).toBe(400);
  });
});
