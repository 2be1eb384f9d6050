import type { ChildProcess } from 'node:child_process';
import { startWorkerProcess, waitFor } from '../chat/chat-test.fixtures';
import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/test-app';
import { describeWithRedis } from '../helpers/test-redis';

type Proc = { id: string; role: string; status: string; pid: number; self: boolean; activeRuns: number };

const summaryOf = async (t: TestApp, admin: TestUser) => {
  const res = await t.http().get('/api/admin/system').set('Authorization', bearer(admin.accessToken));
  if (res.status !== 200) throw new Error(`system summary: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { processes: Proc[]; [k: string]: unknown };
};

describe('admin system page (inline queue, one process)', () => {
  let t: TestApp;
  let admin: TestUser;
  let dev: TestUser;
  let user: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { PLATFORM_HEARTBEAT_INTERVAL_SEC: '1' } });
    [admin, dev, user] = await Promise.all([
      t.createUser(['user', 'admin']),
      t.createUser(['user', 'developer']),
      t.createUser(['user']),
    ]);
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists this API process as up, with its pid, and the queue, runs, health and config', async () => {
    const body = await summaryOf(t, admin);
    const self = body.processes.find((p) => p.self);
    expect(self).toMatchObject({ role: 'api', status: 'up', pid: process.pid, activeRuns: 0 });
    expect(body.queue).toEqual({ mode: 'inline', waiting: 0, active: 0, oldestWaitingAt: null });
    expect(body.runs24h).toEqual({
      byStatus: { queued: 0, running: 0, paused: 0, completed: 0, failed: 0, cancelled: 0 },
      failed: [],
    });
    expect(body.health).toMatchObject({ status: 'ok', checks: { database: { status: 'up' } } });
  });

  it('shows the configuration in force with secrets hidden', async () => {
    const res = await t.http().get('/api/admin/system').set('Authorization', bearer(admin.accessToken));
    const config = res.body.config as Array<{
      name: string;
      value: string | null;
      secret: boolean;
      set: boolean;
    }>;
    const byName = new Map(config.map((c) => [c.name, c]));
    expect(byName.get('MASTER_KEY')).toEqual({ name: 'MASTER_KEY', value: null, secret: true, set: true });
    expect(byName.get('DATABASE_URL')).toMatchObject({ value: null, secret: true, set: true });
    expect(byName.get('PLATFORM_HEARTBEAT_INTERVAL_SEC')).toMatchObject({ value: '1', secret: false });
    expect(res.text).not.toContain(t.config.masterKey.toString('base64'));
    expect(res.text).not.toContain(t.db.url);
  });

  it('is admin-only: developers and users 403, anonymous 401', async () => {
    expect((await t.http().get('/api/admin/system')).status).toBe(401);
    for (const u of [dev, user]) {
      expect(
        (await t.http().get('/api/admin/system').set('Authorization', bearer(u.accessToken))).status,
      ).toBe(403);
    }
  });

  it('shows a process that stopped beating as down after 3 of its intervals', async () => {
    await t.db.query(
      `INSERT INTO platform_processes (id, role, version, host, pid, uptime_sec, active_runs, memory_mb, interval_sec,
                                       started_at, last_seen_at)
       VALUES ('worker:gone:1', 'worker', '0.1.0', 'gone', 1, 10, 0, 50, 1, now(), now())`,
    );
    const statusOfGone = async () =>
      (await summaryOf(t, admin)).processes.find((p) => p.id === 'worker:gone:1')?.status;
    expect(await statusOfGone()).toBe('up');
    await waitFor(async () => (await statusOfGone()) === 'down', 15_000);
    // The live API process kept beating meanwhile.
    expect((await summaryOf(t, admin)).processes.find((p) => p.self)?.status).toBe('up');
  });
});

describeWithRedis('admin system page (bullmq: API + a worker process)', () => {
  let t: TestApp;
  let admin: TestUser;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    t = await createTestApp({
      redis: true,
      env: { QUEUE_MODE: 'bullmq', PLATFORM_HEARTBEAT_INTERVAL_SEC: '1' },
    });
    admin = await t.createUser(['user', 'admin']);
  });
  afterAll(async () => {
    if (worker && worker.exitCode === null) worker.kill('SIGKILL');
    await t.close();
  });

  it('a real worker process appears up, and down 3 intervals after it is killed', async () => {
    worker = await startWorkerProcess(t, { PLATFORM_HEARTBEAT_INTERVAL_SEC: '1' });
    const pid = worker.pid!;
    const workerRow = async () =>
      (await summaryOf(t, admin)).processes.find((p) => p.role === 'worker' && p.pid === pid);
    await waitFor(async () => (await workerRow())?.status === 'up', 15_000);
    const body = await summaryOf(t, admin);
    expect(body.queue).toMatchObject({ mode: 'bullmq', waiting: 0 });
    expect(body.processes.find((p) => p.self)).toMatchObject({ role: 'api', status: 'up' });

    const exited = new Promise((resolve) => worker!.once('exit', resolve));
    worker.kill('SIGKILL');
    await exited;
    await waitFor(async () => (await workerRow())?.status === 'down', 15_000);
  });
});
