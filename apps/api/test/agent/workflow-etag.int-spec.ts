import type { TestApp } from '../helpers/test-app';
import {
  auth,
  type Cast,
  createAgent,
  createAgentTestApp,
  createCast,
  SIMPLE_DEFINITION,
} from './agent-test.helpers';

/** Optimistic concurrency on the draft workflow: ETag on reads and saves, If-Match on saves. */
describe('draft workflow ETag / If-Match', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createAgentTestApp();
    c = await createCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (id: string) => t.http().get(`/api/agents/${id}`).set(auth(c.owner));
  const put = (id: string, body: object, ifMatch?: string) => {
    const req = t.http().put(`/api/agents/${id}/workflow`).set(auth(c.owner));
    return (ifMatch === undefined ? req : req.set('If-Match', ifMatch)).send(body);
  };
  const renamed = (name: string) => ({
    definition: { ...SIMPLE_DEFINITION, nodes: SIMPLE_DEFINITION.nodes.map((n) => ({ ...n, name })) },
  });

  it('sends the draft revision as ETag with the agent and with every save', async () => {
    const agent = await createAgent(t, c.owner);
    const read = await get(agent.id).expect(200);
    expect(read.headers.etag).toBe(`"${read.body.draft.revision}"`);

    const saved = await put(agent.id, renamed('one'), read.headers.etag).expect(200);
    expect(saved.headers.etag).toBe(`"${saved.body.draft.revision}"`);
    expect(saved.headers.etag).not.toBe(read.headers.etag);
    expect((await get(agent.id)).headers.etag).toBe(saved.headers.etag);
  });

  it('refuses a stale If-Match with 412 and the current revision, and keeps the newer draft', async () => {
    const agent = await createAgent(t, c.owner);
    const tabA = (await get(agent.id)).headers.etag as string;
    const tabB = tabA;
    const first = await put(agent.id, renamed('from tab A'), tabA).expect(200);

    const stale = await put(agent.id, renamed('from tab B'), tabB).expect(412);
    expect(stale.body).toMatchObject({
      statusCode: 412,
      code: 'draft_revision_stale',
      details: [
        { path: 'headers.if-match', code: 'draft_revision_stale', message: first.body.draft.revision },
      ],
    });
    expect(stale.headers.etag).toBe(first.headers.etag);
    const stored = await get(agent.id);
    expect(stored.body.draft.workflowDefinition.nodes[0].name).toBe('from tab A');

    // "Overwrite": the same save with the revision the 412 named goes through.
    await put(agent.id, renamed('from tab B'), stale.headers.etag as string).expect(200);
    expect((await get(agent.id)).body.draft.workflowDefinition.nodes[0].name).toBe('from tab B');
  });

  it('accepts weak tags, lists and *, and keeps today’s behaviour without If-Match', async () => {
    const agent = await createAgent(t, c.owner);
    const etag = (await get(agent.id)).headers.etag as string;
    const weak = await put(agent.id, renamed('weak'), `W/${etag}, "other"`).expect(200);
    await put(agent.id, renamed('star'), '*').expect(200);
    await put(agent.id, renamed('no header')).expect(200);
    await put(agent.id, renamed('stale again'), weak.headers.etag as string).expect(412);
  });

  it('does not reveal revisions of someone else’s agent', async () => {
    const agent = await createAgent(t, c.owner);
    const other = await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.other))
      .set('If-Match', '"stale"')
      .send(renamed('x'));
    expect(other.status).toBe(404);
    // (Express adds its own weak body hash as ETag to every response; no draft revision here.)
    expect(other.headers.etag ?? '').not.toContain(agent.draft.id);
  });
});
