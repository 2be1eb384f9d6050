import { AgentReviewService } from '../../src/agent/agent-review.service';
import type { TestApp, TestUser } from '../helpers/test-app';
import { auth, type Cast, createAgent, createAgentTestApp, createCast } from './agent-test.helpers';

describe('manual review (auto-approve off)', () => {
  let t: TestApp;
  let c: Cast;
  beforeAll(async () => {
    t = await createAgentTestApp({ AUTO_APPROVE: 'false' });
    c = await createCast(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const submit = async (version = '1.0.0') => {
    const agent = await createAgent(t, c.owner);
    const res = await t.http().post(`/api/agents/${agent.id}/publish`).set(auth(c.owner)).send({ version });
    expect(res.status).toBe(201);
    return { agentId: agent.id, versionId: res.body.id as string, body: res.body };
  };
  const decide = (
    who: TestUser | null,
    versionId: string,
    action: 'approve' | 'reject',
    body: object = {},
  ) => {
    const req = t.http().post(`/api/admin/reviews/${versionId}/${action}`);
    return (who ? req.set(auth(who)) : req).send(body);
  };

  it('leaves a version that passed the checks pending in the admin queue', async () => {
    const { agentId, versionId, body } = await submit();
    expect(body).toEqual(
      expect.objectContaining({
        reviewStatus: 'pending_review',
        reviewNotes: expect.stringContaining('waiting'),
      }),
    );
    const agent = await t.http().get(`/api/agents/${agentId}`).set(auth(c.owner));
    expect(agent.body.status).toBe('pending_review');

    const queue = await t.http().get('/api/admin/reviews?pageSize=100').set(auth(c.admin));
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: { id: string }) => i.id === versionId);
    expect(item).toEqual(
      expect.objectContaining({
        version: '1.0.0',
        agent: expect.objectContaining({ id: agentId, ownerId: c.owner.id }),
      }),
    );

    // One pending version at a time per agent.
    await t
      .http()
      .put(`/api/agents/${agentId}/workflow`)
      .set(auth(c.owner))
      .send({
        definition: {
          entry: 'a',
          nodes: [{ id: 'a', type: 'answer', config: { text: 'x' } }],
          edges: [{ from: 'a', to: '__end__' }],
        },
      })
      .expect(200);
    const second = await t
      .http()
      .post(`/api/agents/${agentId}/publish`)
      .set(auth(c.owner))
      .send({ version: '1.1.0' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('review_pending');
  });

  it('lets only admins see the queue and decide', async () => {
    const { versionId } = await submit();
    expect((await t.http().get('/api/admin/reviews')).status).toBe(401);
    expect((await t.http().get('/api/admin/reviews').set(auth(c.owner))).status).toBe(403);
    expect((await t.http().get('/api/admin/reviews').set(auth(c.user))).status).toBe(403);
    for (const action of ['approve', 'reject'] as const) {
      const body = { reason: 'no' };
      expect((await decide(null, versionId, action, body)).status).toBe(401);
      expect((await decide(c.user, versionId, action, body)).status).toBe(403);
      expect((await decide(c.owner, versionId, action, body)).status).toBe(403);
      expect((await decide(c.other, versionId, action, body)).status).toBe(403);
    }
    expect((await decide(c.admin, '00000000-0000-4000-8000-000000000000', 'approve')).status).toBe(404);
    expect((await decide(c.admin, 'nope', 'approve')).body.details[0].path).toBe('params.versionId');
  });

  it('approves: the version goes live and the agent serves it (audited)', async () => {
    const { agentId, versionId } = await submit('2.0.0');
    const res = await decide(c.admin, versionId, 'approve', { notes: 'Looks good' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        reviewStatus: 'published',
        reviewedBy: c.admin.id,
        reviewNotes: 'Looks good',
      }),
    );
    const agent = await t.http().get(`/api/agents/${agentId}`).set(auth(c.owner));
    expect(agent.body).toEqual(
      expect.objectContaining({ status: 'published', currentVersionId: versionId, latestVersion: '2.0.0' }),
    );
    const again = await decide(c.admin, versionId, 'approve');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invalid_transition');
    const audit = await t.db.query(
      `SELECT 1 FROM audit_logs WHERE action = 'agent_version.approved' AND target_id = $1`,
      [versionId],
    );
    expect(audit).toHaveLength(1);
    const queue = await t.http().get('/api/admin/reviews?pageSize=100').set(auth(c.admin));
    expect(queue.body.items.map((i: { id: string }) => i.id)).not.toContain(versionId);
  });

  it('rejects with a reason the developer sees (audited); a reason is required', async () => {
    const { agentId, versionId } = await submit();
    const noReason = await decide(c.admin, versionId, 'reject', {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.details[0].path).toBe('body.reason');
    const res = await decide(c.admin, versionId, 'reject', {
      reason: 'The description promises features it lacks',
    });
    expect(res.status).toBe(200);
    expect(res.body.reviewStatus).toBe('rejected');
    expect(res.body.reviewReasons).toEqual([
      { code: 'rejected_by_admin', message: 'The description promises features it lacks' },
    ]);
    const versions = await t.http().get(`/api/agents/${agentId}/versions`).set(auth(c.owner));
    expect(versions.body.items[0]).toEqual(
      expect.objectContaining({ reviewStatus: 'rejected', reviewNotes: expect.any(String) }),
    );
    const agent = await t.http().get(`/api/agents/${agentId}`).set(auth(c.owner));
    expect(agent.body.status).toBe('rejected');
    expect((await decide(c.admin, versionId, 'approve')).status).toBe(409);
    const audit = await t.db.query<{ metadata: { reason: string } }>(
      `SELECT metadata FROM audit_logs WHERE action = 'agent_version.rejected' AND target_id = $1`,
      [versionId],
    );
    expect(audit[0]!.metadata.reason).toContain('promises');
  });

  it('runs the automatic review once: calling review() again (a retried job) changes nothing', async () => {
    const { versionId, body } = await submit();
    const reviews = t.app.get(AgentReviewService);
    const again = await reviews.review(versionId);
    expect(again).toEqual(body);
    await decide(c.admin, versionId, 'approve').expect(200);
    const afterApproval = await reviews.review(versionId);
    expect(afterApproval.reviewStatus).toBe('published');
    const checks = await t.db.query(
      `SELECT 1 FROM audit_logs WHERE target_id = $1 AND action LIKE 'agent_version.auto_%'`,
      [versionId],
    );
    expect(checks).toHaveLength(0);
  });

  it('still rejects automatically when the checks fail, without waiting for an admin', async () => {
    const agent = await createAgent(t, c.owner);
    await t
      .http()
      .put(`/api/agents/${agent.id}/workflow`)
      .set(auth(c.owner))
      .send({
        definition: {
          entry: 'a',
          nodes: [{ id: 'a', type: 'answer', config: { text: 'key AKIAIOSFODNN7EXAMPLE' } }],
          edges: [{ from: 'a', to: '__end__' }],
        },
      })
      .expect(200);
    const res = await t
      .http()
      .post(`/api/agents/${agent.id}/publish`)
      .set(auth(c.owner))
      .send({ version: '1.0.0' });
    expect(res.body.reviewStatus).toBe('rejected');
    expect(res.body.reviewReasons).toEqual([
      expect.objectContaining({ code: 'secret_in_content', path: 'definition.nodes.0.config.text' }),
    ]);
  });
});

describe('AUTO_APPROVE defaults', () => {
  const publishOnce = async (t: TestApp) => {
    const owner = await t.createUser(['developer']);
    const agent = await createAgent(t, owner);
    const res = await t
      .http()
      .post(`/api/agents/${agent.id}/publish`)
      .set(auth(owner))
      .send({ version: '1.0.0' });
    return res.body.reviewStatus as string;
  };

  it('is on in embedded mode (the operator is the reviewer) and off otherwise', async () => {
    const embedded = await createAgentTestApp({}, { embedded: true });
    try {
      expect(await publishOnce(embedded)).toBe('published');
    } finally {
      await embedded.close();
    }
    const server = await createAgentTestApp({});
    try {
      expect(await publishOnce(server)).toBe('pending_review');
    } finally {
      await server.close();
    }
  });
});
