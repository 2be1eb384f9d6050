import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type Cast,
  createAgent,
  createAgentTestApp,
  createCast,
  templateIdByKey,
} from './agent-test.helpers';

describe('agent usage reported to the catalog, and the API docs', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createAgentTestApp({ AUTO_APPROVE: 'true' });
    c = await createCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('blocks deleting a node type that an agent version uses (409 node_type_in_use listing the version)', async () => {
    const created = await t
      .http()
      .post('/api/node-types')
      .set(auth(c.admin))
      .send({
        typeName: 'greeting',
        kind: 'answer',
        displayName: 'Greeting',
        inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
        defaultConfig: { text: 'Hello!' },
      });
    expect(created.status).toBe(201);
    const agent = await createAgent(t, c.owner, { name: 'Greeter' });
    const save = await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({
        definition: {
          entry: 'hi',
          nodes: [{ id: 'hi', type: 'greeting', config: {} }],
          edges: [{ from: 'hi', to: '__end__' }],
        },
      });
    expect(save.body.validation.valid).toBe(true);
    const published = await t
      .http()
      .post(`/api/agents/${agent.id}/publish`)
      .set(auth(c.owner))
      .send({ version: '1.0.0' });
    expect(published.body.reviewStatus).toBe('published');

    const del = await t.http().delete('/api/node-types/greeting').set(auth(c.admin));
    expect(del.status).toBe(409);
    expect(del.body.code).toBe('node_type_in_use');
    expect(JSON.stringify(del.body)).toContain(published.body.id);
  });

  it('counts agents built from a template in its usage stats', async () => {
    const templateId = await templateIdByKey(t, 'data-analyst');
    const before = await t.http().get(`/api/workflow-templates/${templateId}/usage-stats`).set(auth(c.admin));
    expect(before.status).toBe(200);
    await createAgent(t, c.owner, { templateId });
    const after = await t.http().get(`/api/workflow-templates/${templateId}/usage-stats`).set(auth(c.admin));
    expect(after.body.agents).toBe(before.body.agents + 1);
    expect(after.body.instantiations).toBe(before.body.instantiations + 1);
  });

  it('documents the agent routes in OpenAPI, including the recursive category tree', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    for (const [path, method] of [
      ['/api/agents', 'post'],
      ['/api/agents/{id}/workflow', 'put'],
      ['/api/agents/{id}/workflow/from-template', 'post'],
      ['/api/agents/{id}/workflow/validate', 'get'],
      ['/api/agents/{id}/test', 'post'],
      ['/api/agents/{id}/publish', 'post'],
      ['/api/agents/{id}/versions/{version}', 'get'],
      ['/api/categories', 'get'],
      ['/api/admin/reviews/{versionId}/reject', 'post'],
    ] as const) {
      expect(paths[path]?.[method]).toBeDefined();
    }
    expect(JSON.stringify(paths['/api/categories']!.get)).toContain('children');
  });
});
