import { runSchema, runStepListSchema, type RunEvent } from '@agenthub/contracts';
import { HUMAN_APPROVAL_WORKFLOW } from '@agenthub/engine';
import { RunService } from '../../src/runtime/run.service';
import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/test-app';
import { collect, insertAgent, LLM_ANSWER_WORKFLOW } from './runtime.fixtures';

describe('GET /api/runs/:id and /api/runs/:id/steps', () => {
  let t: TestApp;
  let owner: TestUser;
  let otherDev: TestUser;
  let plainUser: TestUser;
  let admin: TestUser;
  let runId: string;
  let pausedRunId: string;

  beforeAll(async () => {
    t = await createTestApp();
    [owner, otherDev, plainUser, admin] = await Promise.all([
      t.createUser(['developer']),
      t.createUser(['developer']),
      t.createUser(['user']),
      t.createUser(['admin']),
    ]);
    const agentId = await insertAgent(t, owner.id);
    const runs = t.app.get(RunService);
    const events = await collect(
      runs.runDraft({ definition: LLM_ANSWER_WORKFLOW, input: 'hello', agentId, userId: owner.id }),
    );
    runId = (events[0] as Extract<RunEvent, { type: 'run' }>).data.runId;
    const paused = await collect(
      runs.runDraft({ definition: HUMAN_APPROVAL_WORKFLOW, input: 'hello', agentId, userId: owner.id }),
    );
    pausedRunId = (paused[0] as Extract<RunEvent, { type: 'run' }>).data.runId;
  });

  afterAll(async () => {
    await t?.close();
  });

  const get = (path: string, user?: TestUser) => {
    const req = t.http().get(path);
    return user ? req.set('Authorization', bearer(user.accessToken)) : req;
  };

  it('shows the run to its user with status, node counts and usage, never its definition', async () => {
    const res = await get(`/api/runs/${runId}`, owner).expect(200);
    const run = runSchema.parse(res.body);
    expect(run).toMatchObject({
      id: runId,
      kind: 'test',
      status: 'completed',
      agentVersion: 'draft',
      userId: owner.id,
      nodeCounts: { total: 2, completed: 2, failed: 0 },
      stepLimit: 100,
      error: null,
    });
    expect(run.usage.completionTokens).toBeGreaterThan(0);
    expect(res.body).not.toHaveProperty('definition');
    expect(res.body).not.toHaveProperty('runOptions');
  });

  it('lists the steps in order, paginated', async () => {
    const res = await get(`/api/runs/${runId}/steps`, owner).expect(200);
    const list = runStepListSchema.parse(res.body);
    expect(list).toMatchObject({ total: 2, page: 1, pageSize: 20 });
    expect(list.items.map((s) => [s.seq, s.nodeId, s.status])).toEqual([
      [1, 'think', 'completed'],
      [2, 'final', 'completed'],
    ]);
    expect(list.items[0].durationMs).toEqual(expect.any(Number));
    expect(list.items[0].usage.completionTokens).toBeGreaterThan(0);

    const page2 = await get(`/api/runs/${runId}/steps?page=2&pageSize=1`, owner).expect(200);
    expect(page2.body.items.map((s: { nodeId: string }) => s.nodeId)).toEqual(['final']);
  });

  it('shows a paused run with where it waits', async () => {
    const res = await get(`/api/runs/${pausedRunId}`, owner).expect(200);
    expect(res.body).toMatchObject({ status: 'paused', currentNode: 'approve', completedAt: null });
    expect(res.body.pausedAt).toEqual(expect.any(String));
    const steps = await get(`/api/runs/${pausedRunId}/steps`, owner).expect(200);
    expect(steps.body.items.map((s: { status: string }) => s.status)).toEqual(['completed', 'paused']);
  });

  it.each(['', '/steps'])('enforces who may read (route %s)', async (suffix) => {
    const path = `/api/runs/${runId}${suffix}`;
    expect((await get(path).expect(401)).body.code).toBe('unauthorized');
    // Another user's run does not exist for them (404, not 403).
    expect((await get(path, otherDev).expect(404)).body.code).toBe('not_found');
    await get(path, plainUser).expect(404);
    await get(path, admin).expect(200);
    const key = await t.createApiKey(owner);
    await t.http().get(path).set('Authorization', bearer(key)).expect(200);
  });

  it('answers bad ids and queries with field paths, unknown runs with 404', async () => {
    const badId = await get('/api/runs/not-a-uuid', owner).expect(400);
    expect(badId.body).toMatchObject({ code: 'validation_failed' });
    expect(badId.body.details[0].path).toBe('params.id');
    const badPage = await get(`/api/runs/${runId}/steps?pageSize=500`, owner).expect(400);
    expect(badPage.body.details[0].path).toBe('query.pageSize');
    await get('/api/runs/00000000-0000-4000-8000-000000000000', owner).expect(404);
    await get('/api/runs/00000000-0000-4000-8000-000000000000/steps', admin).expect(404);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/runs/{id}', '/api/runs/{id}/steps']),
    );
  });
});
