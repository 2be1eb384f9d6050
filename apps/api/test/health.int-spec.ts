import { createTestApp, type TestApp } from './helpers/test-app';
import { describeWithRedis } from './helpers/test-redis';

describeWithRedis('GET /api/health with database and Redis', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ redis: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is 200 when both answer', async () => {
    const res = await t.http().get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'ok',
      mode: 'distributed',
      checks: { database: { status: 'up' }, redis: { status: 'up' }, queue: { status: 'up' } },
    });
  });
});

describe('GET /api/health when a dependency is down', () => {
  it('is 503 naming the database once it becomes unreachable', async () => {
    const t = await createTestApp();
    try {
      const user = await t.createUser();
      await t.http().get('/api/health').expect(200);
      // Terminate every connection and remove the database: exactly what an outage looks like to the pool.
      await t.db.drop();
      const res = await t.http().get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body.status).toBe('error');
      expect(res.body.checks.database.status).toBe('down');
      expect(res.body.checks.redis.status).toBe('disabled');

      // Other routes fail as an opaque 500 carrying the request id; the cause goes to the log only.
      const me = await t
        .http()
        .get('/api/me')
        .set('Authorization', `Bearer ${user.accessToken}`)
        .set('X-Request-Id', 'outage-1');
      expect(me.status).toBe(500);
      expect(me.body).toEqual({
        statusCode: 500,
        code: 'internal_error',
        message: 'Internal server error',
        requestId: 'outage-1',
      });
      const logged = t.logs.find(
        (l) => l.reqId === 'outage-1' && l.msg === 'Unhandled error while serving a request',
      );
      expect(logged).toBeDefined();
      expect(JSON.stringify(logged)).toContain(t.db.name);
    } finally {
      await t.close();
    }
  });

  it('is 503 naming Redis when the configured Redis does not answer, while the API keeps serving', async () => {
    // Port 1 on loopback: nothing listens there.
    const t = await createTestApp({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      const res = await t.http().get('/api/health');
      expect(res.status).toBe(503);
      expect(res.body.checks).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' } });
      // Logins still work: the brute-force limiter fails open without its store.
      const user = await t.createUser();
      expect(user.accessToken).toEqual(expect.any(String));
    } finally {
      await t.close();
    }
  });
});
