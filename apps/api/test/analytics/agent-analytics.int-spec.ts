import { createCast, type Cast, auth } from '../agent/agent-test.helpers';
import {
  createFixtureAgent,
  createStoreTestApp,
  type TestApp,
  type TestUser,
} from '../store/store-test.helpers';
import { seedChat, seedRuns } from './analytics-seed';

const D0 = '2026-02-28T12:00:00Z';
const D1 = (h: number) => `2026-03-01T${String(h).padStart(2, '0')}:00:00Z`;
const D2 = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:00:00Z`;
const RANGE = '?from=2026-03-01&to=2026-03-03&bucket=day';

describe('GET /api/agents/:id/analytics', () => {
  let t: TestApp;
  let cast: Cast;
  let a: TestUser;
  let b: TestUser;
  let c: TestUser;
  let agentId: string;

  beforeAll(async () => {
    t = await createStoreTestApp();
    cast = await createCast(t);
    [a, b, c] = await Promise.all([t.createUser(['user']), t.createUser(['user']), t.createUser(['user'])]);
    agentId = await createFixtureAgent(t, cast.owner, { name: 'Analysed' });
    await seedRuns(t, agentId, [
      // Outside the range and a test run: never counted.
      { userId: a.id, status: 'completed', createdAt: D0, durationMs: 5000, promptTokens: 999 },
      { userId: cast.owner.id, kind: 'test', status: 'failed', createdAt: D1(9), durationMs: 7000 },
      // Day 1: 3 runs by 2 users, durations 100/200/300 ms.
      {
        userId: a.id,
        status: 'completed',
        createdAt: D1(10),
        durationMs: 100,
        promptTokens: 10,
        completionTokens: 5,
        costUsd: 0.01,
      },
      {
        userId: b.id,
        status: 'completed',
        createdAt: D1(11),
        durationMs: 200,
        promptTokens: 20,
        completionTokens: 10,
        costUsd: 0.02,
      },
      { userId: a.id, status: 'failed', createdAt: D1(12), durationMs: 300, promptTokens: 30, costUsd: 0.03 },
      // Day 2: a cancelled run (400 ms) and one still queued (no duration).
      { userId: c.id, status: 'cancelled', createdAt: D2(10), durationMs: 400 },
      { userId: a.id, status: 'queued', createdAt: D2(11) },
    ]);
    const chatA = await seedChat(t, agentId, a.id, D1(10), [D1(10), D1(10)]);
    await seedChat(t, agentId, b.id, D1(11), [D1(11), D1(11)]);
    await seedChat(t, agentId, c.id, D2(10), [D2(10)]);
    await t.db.query(
      `INSERT INTO chat_messages (chat_id, role, content, status, created_at)
                      VALUES ($1, 'user', 'again', 'completed', $2)`,
      [chatA, D2(11)],
    );
    await t.db.query(
      `INSERT INTO agent_installs (user_id, agent_id, installed_at) VALUES ($1, $3, $4), ($2, $3, $5)`,
      [a.id, b.id, agentId, D1(10), D2(10)],
    );
    await t.db.query(
      `INSERT INTO agent_ratings (user_id, agent_id, score, created_at, updated_at)
       VALUES ($1, $3, 4, $4, $4), ($2, $3, 5, $5, $5)`,
      [a.id, b.id, agentId, D1(13), D2(13)],
    );
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (user: TestUser | null, query = RANGE, id = agentId) => {
    const req = t.http().get(`/api/agents/${id}/analytics${query}`);
    return user ? req.set(auth(user)) : req;
  };

  it('gives exact per-day figures and totals for the owner', async () => {
    const res = await get(cast.owner);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agentId, from: '2026-03-01', to: '2026-03-03', bucket: 'day' });
    const [day1, day2, day3] = res.body.buckets;
    expect(day1).toEqual({
      day: '2026-03-01',
      installs: 1,
      activeUsers: 2,
      chats: 2,
      messages: 4,
      runs: 3,
      runsByStatus: { queued: 0, running: 0, paused: 0, completed: 2, failed: 1, cancelled: 0 },
      errorRate: 1 / 3,
      p50DurationMs: 200,
      p95DurationMs: 290,
      promptTokens: 60,
      completionTokens: 15,
      costUsd: 0.06,
      ratingCount: 1,
      ratingAverage: 4,
    });
    expect(day2).toMatchObject({
      day: '2026-03-02',
      installs: 1,
      activeUsers: 2,
      chats: 1,
      messages: 2,
      runs: 2,
      runsByStatus: { queued: 1, cancelled: 1, completed: 0, failed: 0 },
      errorRate: 0,
      p50DurationMs: 400,
      p95DurationMs: 400,
      ratingCount: 1,
      ratingAverage: 5,
    });
    expect(day3).toMatchObject({
      day: '2026-03-03',
      runs: 0,
      chats: 0,
      errorRate: null,
      p50DurationMs: null,
    });
    expect(res.body.totals).toEqual({
      installs: 2,
      activeUsers: 3,
      chats: 3,
      messages: 6,
      runs: 5,
      runsByStatus: { queued: 1, running: 0, paused: 0, completed: 2, failed: 1, cancelled: 1 },
      errorRate: 0.25,
      p50DurationMs: 250,
      p95DurationMs: 385,
      promptTokens: 60,
      completionTokens: 15,
      costUsd: 0.06,
      ratingCount: 2,
      ratingAverage: 4.5,
    });
  });

  it('lets an admin see any agent; others get 404, plain users 403, anonymous 401', async () => {
    expect((await get(cast.admin)).status).toBe(200);
    const other = await get(cast.other);
    expect(other.status).toBe(404);
    expect((await get(cast.user)).status).toBe(403);
    expect((await get(null)).status).toBe(401);
    expect((await get(cast.owner, RANGE, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('answers a bad range with 400 naming the field', async () => {
    const reversed = await get(cast.owner, '?from=2026-03-05&to=2026-03-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.details).toEqual([expect.objectContaining({ path: 'query.from' })]);
    const tooLong = await get(cast.owner, '?from=2024-01-01&to=2026-03-01');
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details[0].path).toBe('query.from');
    const malformed = await get(cast.owner, '?to=yesterday');
    expect(malformed.status).toBe(400);
    expect(malformed.body.details[0].path).toBe('query.to');
    expect((await get(cast.owner, '?bucket=hour')).body.details[0].path).toBe('query.bucket');
  });

  it('defaults to the last 30 days', async () => {
    const res = await get(cast.owner, '');
    expect(res.status).toBe(200);
    expect(res.body.buckets).toHaveLength(30);
    expect(res.body.to).toBe(new Date().toISOString().slice(0, 10));
  });
});
