import { RUN_EVENT_TYPES, WORKFLOW_SCHEMA_VERSION } from '@agenthub/contracts';
import { createAjv } from '@agenthub/engine';
import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/test-app';

describe('GET /api/schema', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    user = await t.createUser(['user']);
  });
  afterAll(async () => {
    await t.close();
  });

  it('needs a credential (401 anonymous), then serves every schema to any role, API keys included', async () => {
    const anon = await t.http().get('/api/schema');
    expect(anon.status).toBe(401);
    const key = await t.createApiKey(user);
    const viaKey = await t.http().get('/api/schema').set('Authorization', bearer(key));
    expect(viaKey.status).toBe(200);
  });

  it('describes workflows, node types and events with versions, and its workflow schema validates definitions', async () => {
    const res = await t.http().get('/api/schema').set('Authorization', bearer(user.accessToken));
    expect(res.status).toBe(200);
    const body = res.body as {
      versions: { schemaVersion: number; api: string };
      workflowDefinition: Record<string, unknown>;
      nodeTypes: Array<{ typeName: string; kind: string; configSchema: Record<string, unknown> }>;
      eventTypes: Array<{ type: string; dataSchema: Record<string, unknown> }>;
    };
    expect(body.versions.schemaVersion).toBe(WORKFLOW_SCHEMA_VERSION);
    expect(body.versions.api).toMatch(/^\d+\.\d+\.\d+$/);
    expect(body.eventTypes.map((e) => e.type)).toEqual([...RUN_EVENT_TYPES]);

    // The seeded catalogue: every built-in kind, each with its config schema.
    const llm = body.nodeTypes.find((n) => n.typeName === 'llm');
    expect(llm?.kind).toBe('llm');
    expect(llm?.configSchema).toMatchObject({ type: 'object' });
    expect(new Set(body.nodeTypes.map((n) => n.kind))).toEqual(
      new Set([
        'llm',
        'agent',
        'tool_call',
        'classifier',
        'template',
        'code',
        'http_request',
        'human_input',
        'answer',
        'retrieval',
      ]),
    );

    // The served JSON Schema is usable by a standard validator: accepts a definition, refuses a broken one.
    const ajv = createAjv();
    const validate = ajv.compile(body.workflowDefinition);
    expect(validate({ entry: 'a', nodes: [{ id: 'a', type: 'answer', config: { text: 'hi' } }] })).toBe(true);
    expect(validate({ entry: 'a', nodes: [] })).toBe(false);
    expect(validate({ nodes: [{ id: 'a', type: 'answer' }] })).toBe(false);

    const done = ajv.compile(body.eventTypes.find((e) => e.type === 'done')!.dataSchema);
    expect(done({ runId: 'r', status: 'completed', usage: { promptTokens: 1, completionTokens: 2 } })).toBe(
      true,
    );
    expect(done({ runId: 'r', status: 'exploded', usage: { promptTokens: 1, completionTokens: 2 } })).toBe(
      false,
    );
  });

  it('is in the OpenAPI document', async () => {
    const res = await t.http().get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys((res.body as { paths: Record<string, unknown> }).paths)).toContain('/api/schema');
  });
});
