import { StoreService } from '../../src/store/store.service';
import {
  auth,
  createFixtureAgent,
  createStoreTestApp,
  createUsersFast,
  type TestApp,
  type TestUser,
} from './store-test.helpers';

describe('store installs and the library', () => {
  let t: TestApp;
  let user: TestUser;
  let owner: TestUser;
  let otherDev: TestUser;
  let admin: TestUser;
  let agentId: string;

  beforeAll(async () => {
    t = await createStoreTestApp();
    [user, owner, otherDev, admin] = await Promise.all([
      t.createUser(['user']),
      t.createUser(['developer']),
      t.createUser(['developer']),
      t.createUser(['admin']),
    ]);
    agentId = await createFixtureAgent(t, owner, { name: 'Installable' });
  });
  afterAll(async () => {
    await t.close();
  });

  const counter = async (id: string) => {
    const [row] = await t.db.query<{ install_count: number; rows: string }>(
      `SELECT a.install_count, (SELECT count(*) FROM agent_installs i WHERE i.agent_id = a.id) AS rows
         FROM agents a WHERE a.id = $1`,
      [id],
    );
    return { counter: row!.install_count, rows: Number(row!.rows) };
  };

  it('needs credentials for install, uninstall and the library', async () => {
    for (const res of [
      await t.http().post(`/api/store/agents/${agentId}/install`),
      await t.http().delete(`/api/store/agents/${agentId}/install`),
      await t.http().get('/api/me/agents'),
      await t.http().post(`/api/store/agents/${agentId}/install`).set('Authorization', 'Bearer forged'),
    ]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toEqual(expect.any(String));
    }
  });

  it('lets every role install (user, owning developer, other developer, admin), idempotently', async () => {
    for (const who of [user, owner, otherDev, admin]) {
      const first = await t.http().post(`/api/store/agents/${agentId}/install`).set(auth(who));
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        agentId,
        installed: true,
        installedAt: expect.any(String),
        installCount: expect.any(Number),
      });
      const again = await t.http().post(`/api/store/agents/${agentId}/install`).set(auth(who));
      expect(again.status).toBe(200);
      expect(again.body.installedAt).toBe(first.body.installedAt);
      expect(again.body.installCount).toBe(first.body.installCount);
    }
    expect(await counter(agentId)).toEqual({ counter: 4, rows: 4 });

    const removed = await t.http().delete(`/api/store/agents/${agentId}/install`).set(auth(admin));
    expect(removed.body).toEqual({ agentId, installed: false, installedAt: null, installCount: 3 });
    const removedAgain = await t.http().delete(`/api/store/agents/${agentId}/install`).set(auth(admin));
    expect(removedAgain.status).toBe(200);
    expect(removedAgain.body.installCount).toBe(3);
    expect(await counter(agentId)).toEqual({ counter: 3, rows: 3 });
  });

  it('rejects bad ids with a field path and 404s agents outside the store', async () => {
    const bad = await t.http().post('/api/store/agents/not-a-uuid/install').set(auth(user));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('params.id');
    for (const state of ['draft', 'archived', 'deleted', 'pending'] as const) {
      const hidden = await createFixtureAgent(t, owner, { name: `Hidden ${state}`, state });
      const res = await t.http().post(`/api/store/agents/${hidden}/install`).set(auth(user));
      expect(res.status).toBe(404);
      const del = await t.http().delete(`/api/store/agents/${hidden}/install`).set(auth(user));
      expect([state, del.status, del.body]).toEqual([state, 404, expect.anything()]);
      expect((await counter(hidden)).counter).toBe(0);
    }
    const unknown = await t
      .http()
      .post('/api/store/agents/00000000-0000-4000-8000-000000000000/install')
      .set(auth(user));
    expect(unknown.status).toBe(404);
  });

  it('keeps install_count exact under 50 concurrent installs by 50 users (and repeats)', async () => {
    const target = await createFixtureAgent(t, owner, { name: 'Rush hour' });
    const users = await createUsersFast(t, 50);
    const responses = await Promise.all(
      [...users, ...users.slice(0, 10)].map((u) =>
        t.http().post(`/api/store/agents/${target}/install`).set(auth(u)),
      ),
    );
    expect(responses.map((r) => r.status).every((s) => s === 200)).toBe(true);
    expect(await counter(target)).toEqual({ counter: 50, rows: 50 });

    const removals = await Promise.all(
      users
        .slice(0, 20)
        .flatMap((u) => [
          t.http().delete(`/api/store/agents/${target}/install`).set(auth(u)),
          t.http().delete(`/api/store/agents/${target}/install`).set(auth(u)),
        ]),
    );
    expect(removals.every((r) => r.status === 200)).toBe(true);
    expect(await counter(target)).toEqual({ counter: 30, rows: 30 });
  });

  it('stays consistent when one user installs and uninstalls concurrently', async () => {
    const target = await createFixtureAgent(t, owner, { name: 'Flip flop' });
    const [solo] = await createUsersFast(t, 1);
    const requests = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0
        ? t.http().post(`/api/store/agents/${target}/install`).set(auth(solo!))
        : t.http().delete(`/api/store/agents/${target}/install`).set(auth(solo!)),
    );
    const results = await Promise.all(requests);
    expect(results.every((r) => r.status === 200)).toBe(true);
    const state = await counter(target);
    expect(state.counter).toBe(state.rows);
    expect([0, 1]).toContain(state.rows);
  });

  it('lists my library with install and last-use times, newest activity first', async () => {
    const [reader] = await createUsersFast(t, 1);
    const a = await createFixtureAgent(t, owner, { name: 'Library A' });
    const b = await createFixtureAgent(t, owner, { name: 'Library B' });
    const c = await createFixtureAgent(t, owner, { name: 'Library C' });
    for (const id of [a, b, c])
      await t.http().post(`/api/store/agents/${id}/install`).set(auth(reader!)).expect(200);
    // Using A (the chat module calls recordUsage) moves it to the top.
    await t.app.get(StoreService).recordUsage(reader!.id, a);
    await t.app.get(StoreService).recordUsage(reader!.id, a);
    // C is archived after the install: still in the library, marked unavailable.
    await t.db.query(`UPDATE agents SET archived_at = now(), status = 'archived' WHERE id = $1`, [c]);

    const res = await t.http().get('/api/me/agents').set(auth(reader!));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(3);
    const items = res.body.items as Array<{
      agent: { id: string; installed: boolean };
      installedAt: string;
      lastUsedAt: string | null;
      useCount: number;
      available: boolean;
    }>;
    expect(items[0]).toEqual(
      expect.objectContaining({ lastUsedAt: expect.any(String), useCount: 2, available: true }),
    );
    expect(items[0]!.agent.id).toBe(a);
    expect(items[0]!.agent.installed).toBe(true);
    const archived = items.find((i) => i.agent.id === c)!;
    expect(archived).toEqual(expect.objectContaining({ available: false, lastUsedAt: null, useCount: 0 }));
    // It can still be uninstalled, though it left the store.
    const out = await t.http().delete(`/api/store/agents/${c}/install`).set(auth(reader!));
    expect(out.status).toBe(200);
    expect(out.body.installed).toBe(false);

    const page2 = await t.http().get('/api/me/agents').query({ page: 2, pageSize: 1 }).set(auth(reader!));
    expect(page2.body).toEqual(expect.objectContaining({ total: 2, page: 2, pageSize: 1 }));
    expect(page2.body.items).toHaveLength(1);
    const bad = await t.http().get('/api/me/agents').query({ pageSize: 500 }).set(auth(reader!));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.pageSize');
    // Other users' libraries are not visible.
    const mine = await t.http().get('/api/me/agents').set(auth(otherDev));
    expect(mine.body.items.map((i: { agent: { id: string } }) => i.agent.id)).not.toContain(a);
  });

  it('records usage per user and agent (first/last use, count) and per install', async () => {
    const [u] = await createUsersFast(t, 1);
    const store = t.app.get(StoreService);
    await store.recordUsage(u!.id, agentId);
    await Promise.all(Array.from({ length: 9 }, () => store.recordUsage(u!.id, agentId)));
    const [usage] = await t.db.query<{ use_count: number; first_used_at: Date; last_used_at: Date }>(
      `SELECT use_count, first_used_at, last_used_at FROM agent_usage WHERE user_id = $1 AND agent_id = $2`,
      [u!.id, agentId],
    );
    expect(usage!.use_count).toBe(10);
    expect(usage!.last_used_at.getTime()).toBeGreaterThanOrEqual(usage!.first_used_at.getTime());
    // Not installed: the per-install counters are untouched (there is no install row).
    expect(await store.isInstalled(u!.id, agentId)).toBe(false);
    // Once installed, uses also count on the install (uses since installing).
    await t.http().post(`/api/store/agents/${agentId}/install`).set(auth(u!)).expect(200);
    await store.recordUsage(u!.id, agentId);
    const [install] = await t.db.query<{ use_count: number; last_used_at: Date | null }>(
      `SELECT use_count, last_used_at FROM agent_installs WHERE user_id = $1 AND agent_id = $2`,
      [u!.id, agentId],
    );
    expect(install).toEqual({ use_count: 1, last_used_at: expect.any(Date) });
  });
});
