import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type Cast,
  createAgent,
  createAgentTestApp,
  createCast,
  SIMPLE_DEFINITION,
} from './agent-test.helpers';

describe('agent categories', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createAgentTestApp();
    c = await createCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const create = (who: Cast[keyof Cast] | null, body: Record<string, unknown>) => {
    const req = t.http().post('/api/categories');
    return (who ? req.set(auth(who)) : req).send(body);
  };

  it('lets only admins create, update and delete (anonymous 401, user and developer 403)', async () => {
    const body = { slug: 'matrix', name: 'Matrix' };
    expect((await create(null, body)).status).toBe(401);
    expect((await create(c.user, body)).status).toBe(403);
    expect((await create(c.owner, body)).status).toBe(403);
    const created = await create(c.admin, body);
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const put = (who: Cast[keyof Cast] | null) => {
      const req = t.http().put(`/api/categories/${id}`);
      return (who ? req.set(auth(who)) : req).send({ name: 'Renamed' });
    };
    expect((await put(null)).status).toBe(401);
    expect((await put(c.user)).status).toBe(403);
    expect((await put(c.owner)).status).toBe(403);
    expect((await put(c.admin)).body.name).toBe('Renamed');

    const del = (who: Cast[keyof Cast] | null) => {
      const req = t.http().delete(`/api/categories/${id}`);
      return who ? req.set(auth(who)) : req;
    };
    expect((await del(null)).status).toBe(401);
    expect((await del(c.user)).status).toBe(403);
    expect((await del(c.owner)).status).toBe(403);
    expect((await del(c.admin)).status).toBe(204);
    expect((await del(c.admin)).status).toBe(404);
  });

  it('serves the tree publicly, children under their parent in sort order', async () => {
    const root = (await create(c.admin, { slug: 'tree-root', name: 'Root', nameZh: '根', sort: 5 })).body;
    await create(c.admin, { slug: 'tree-b', name: 'B', parentId: root.id, sort: 2 });
    await create(c.admin, { slug: 'tree-a', name: 'A', parentId: root.id, sort: 1 });
    const res = await t.http().get('/api/categories');
    expect(res.status).toBe(200);
    const node = res.body.items.find((n: { id: string }) => n.id === root.id);
    expect(node).toEqual(expect.objectContaining({ slug: 'tree-root', nameZh: '根', parentId: null }));
    expect(node.children.map((n: { slug: string }) => n.slug)).toEqual(['tree-a', 'tree-b']);
  });

  it('counts published, non-archived agents per category, sub-categories included in the parent (same tree as the store)', async () => {
    const root = (await create(c.admin, { slug: 'count-root', name: 'Count root' })).body;
    const child = (await create(c.admin, { slug: 'count-child', name: 'Child', parentId: root.id })).body;
    const grandchild = (
      await create(c.admin, { slug: 'count-grandchild', name: 'Grandchild', parentId: child.id })
    ).body;
    const empty = (await create(c.admin, { slug: 'count-empty', name: 'Empty', parentId: root.id })).body;
    // Published through the real flow: submit, then an admin approves.
    const publish = async (categoryId: string) => {
      const agent = await createAgent(t, c.owner, { categoryId });
      await t
        .http()
        .put(`/api/agents/${agent.id}/workflow`)
        .set(auth(c.owner))
        .send({ definition: SIMPLE_DEFINITION })
        .expect(200);
      const submitted = await t
        .http()
        .post(`/api/agents/${agent.id}/publish`)
        .set(auth(c.owner))
        .send({ version: '1.0.0' })
        .expect(201);
      await t
        .http()
        .post(`/api/admin/reviews/${submitted.body.id}/approve`)
        .set(auth(c.admin))
        .send({})
        .expect(200);
      return agent;
    };
    await publish(root.id);
    await publish(child.id);
    await publish(grandchild.id);
    await publish(grandchild.id);
    const archived = await publish(child.id);
    await t.http().post(`/api/agents/${archived.id}/archive`).set(auth(c.owner)).expect(200);
    const deleted = await publish(grandchild.id);
    await t.http().delete(`/api/agents/${deleted.id}`).set(auth(c.owner)).expect(204);
    await createAgent(t, c.owner, { categoryId: child.id }); // a draft: not in the store
    const pending = await createAgent(t, c.owner, { categoryId: root.id });
    await t
      .http()
      .put(`/api/agents/${pending.id}/workflow`)
      .set(auth(c.owner))
      .send({ definition: SIMPLE_DEFINITION })
      .expect(200);
    await t.http().post(`/api/agents/${pending.id}/publish`).set(auth(c.owner)).send({ version: '1.0.0' });

    const res = await t.http().get('/api/categories').expect(200);
    const node = res.body.items.find((n: { id: string }) => n.id === root.id);
    expect(node.agentCount).toBe(4);
    expect(node.children.map((n: { id: string; agentCount: number }) => [n.id, n.agentCount])).toEqual([
      [child.id, 3],
      [empty.id, 0],
    ]);
    expect(node.children[0].children).toEqual([
      expect.objectContaining({ id: grandchild.id, agentCount: 2, children: [] }),
    ]);
    // One tree, one query: the store serves exactly the same.
    expect((await t.http().get('/api/store/categories').expect(200)).body).toEqual(res.body);
  });

  it('documents agentCount in the OpenAPI schema of GET /api/categories', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body;
    const schema = JSON.stringify(doc.paths['/api/categories'].get.responses['200']);
    expect(schema).toContain('agentCount');
    expect(schema).toContain('children');
  });

  it('refuses bad input with field paths, taken slugs and cycles', async () => {
    const bad = await create(c.admin, { slug: 'Not A Slug', name: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { path: string }) => d.path).sort()).toEqual(['body.name', 'body.slug']);

    await create(c.admin, { slug: 'dup', name: 'Dup' });
    const dup = await create(c.admin, { slug: 'dup', name: 'Dup again' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('category_slug_taken');

    const parent = (await create(c.admin, { slug: 'cyc-parent', name: 'P' })).body;
    const child = (await create(c.admin, { slug: 'cyc-child', name: 'C', parentId: parent.id })).body;
    const cycle = await t
      .http()
      .put(`/api/categories/${parent.id}`)
      .set(auth(c.admin))
      .send({ parentId: child.id });
    expect(cycle.status).toBe(400);
    expect(cycle.body.details[0].path).toBe('body.parentId');

    const missingParent = await create(c.admin, {
      slug: 'orphan',
      name: 'Orphan',
      parentId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missingParent.status).toBe(400);
    expect(missingParent.body.details[0].path).toBe('body.parentId');
  });

  it('refuses to delete a category in use by agents or sub-categories (409 category_in_use)', async () => {
    const parent = (await create(c.admin, { slug: 'in-use', name: 'In use' })).body;
    const child = (await create(c.admin, { slug: 'in-use-child', name: 'Child', parentId: parent.id })).body;
    const withChild = await t.http().delete(`/api/categories/${parent.id}`).set(auth(c.admin));
    expect(withChild.status).toBe(409);
    expect(withChild.body.code).toBe('category_in_use');

    const agent = await createAgent(t, c.owner, { categoryId: child.id });
    const withAgent = await t.http().delete(`/api/categories/${child.id}`).set(auth(c.admin));
    expect(withAgent.status).toBe(409);
    expect(withAgent.body.code).toBe('category_in_use');
    expect(withAgent.body.details).toEqual([expect.objectContaining({ path: 'agents' })]);

    // Once the agent is deleted (soft), the category is free again.
    await t.http().delete(`/api/agents/${agent.id}`).set(auth(c.owner)).expect(204);
    await t.http().delete(`/api/categories/${child.id}`).set(auth(c.admin)).expect(204);
    await t.http().delete(`/api/categories/${parent.id}`).set(auth(c.admin)).expect(204);
  });
});
