import { StoreService } from '../../src/store/store.service';
import {
  auth,
  createFixtureAgent,
  createStoreTestApp,
  createUsersFast,
  type TestApp,
  type TestUser,
} from './store-test.helpers';

describe('store ratings', () => {
  let t: TestApp;
  let user: TestUser;
  let owner: TestUser;
  let otherDev: TestUser;
  let admin: TestUser;
  let agentId: string;

  beforeAll(async () => {
    t = await createStoreTestApp();
    [user, owner, otherDev, admin] = await Promise.all([
      t.createUser(['user'], { displayName: 'Rita Rater' }),
      t.createUser(['developer']),
      t.createUser(['developer']),
      t.createUser(['admin']),
    ]);
    agentId = await createFixtureAgent(t, owner, { name: 'Rated agent' });
  });
  afterAll(async () => {
    await t.close();
  });

  const rate = (who: { accessToken: string }, body: unknown, id = agentId) =>
    t
      .http()
      .post(`/api/store/agents/${id}/ratings`)
      .set(auth(who))
      .send(body as object);
  const totals = async (id = agentId) => {
    const [row] = await t.db.query<{ rating_avg: number; rating_count: number }>(
      `SELECT rating_avg, rating_count FROM agents WHERE id = $1`,
      [id],
    );
    return { avg: Number(row!.rating_avg), count: row!.rating_count };
  };

  it('needs credentials to rate; reading ratings is public', async () => {
    const res = await t.http().post(`/api/store/agents/${agentId}/ratings`).send({ score: 5 });
    expect(res.status).toBe(401);
    const list = await t.http().get(`/api/store/agents/${agentId}/ratings`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });

  it('refuses a rating before the agent was installed or used (403 rating_not_allowed), for every role', async () => {
    for (const who of [user, otherDev, admin]) {
      const res = await rate(who, { score: 4 });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('rating_not_allowed');
    }
    expect(await totals()).toEqual({ avg: 0, count: 0 });
  });

  it('refuses the owning developer even after installing their own agent', async () => {
    await t.http().post(`/api/store/agents/${agentId}/install`).set(auth(owner)).expect(200);
    const res = await rate(owner, { score: 5 });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('rating_not_allowed');
    const detail = await t.http().get(`/api/store/agents/${agentId}`).set(auth(owner));
    expect(detail.body.canRate).toBe(false);
  });

  it('validates the body with field paths', async () => {
    await t.http().post(`/api/store/agents/${agentId}/install`).set(auth(user)).expect(200);
    const cases: Array<[unknown, string]> = [
      [{}, 'body.score'],
      [{ score: 0 }, 'body.score'],
      [{ score: 6 }, 'body.score'],
      [{ score: 3.5 }, 'body.score'],
      [{ score: '5' }, 'body.score'],
      [{ score: 5, review: 'x'.repeat(2001) }, 'body.review'],
      [{ score: 5, review: 42 }, 'body.review'],
    ];
    for (const [body, path] of cases) {
      const res = await rate(user, body);
      expect(res.status).toBe(400);
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    const bad = await t.http().post('/api/store/agents/nope/ratings').set(auth(user)).send({ score: 5 });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('params.id');
  });

  it('accepts a rating after install, replaces it on update and keeps the averages exact', async () => {
    const first = await rate(user, { score: 2, review: '  Too slow  ' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      rating: {
        id: expect.any(String),
        agentId,
        score: 2,
        review: 'Too slow',
        reviewer: { id: user.id, displayName: 'Rita Rater' },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
      created: true,
      ratingAvg: 2,
      ratingCount: 1,
    });
    const second = await rate(user, { score: 4 });
    expect(second.body.created).toBe(false);
    expect(second.body.rating.id).toBe(first.body.rating.id);
    expect(second.body.rating.review).toBeNull();
    expect(second.body).toEqual(expect.objectContaining({ ratingAvg: 4, ratingCount: 1 }));
    const [{ n }] = await t.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM agent_ratings WHERE agent_id = $1`,
      [agentId],
    );
    expect(Number(n)).toBe(1);

    // Using the agent (chat) is enough too, without an install.
    await t.app.get(StoreService).recordUsage(otherDev.id, agentId);
    expect((await rate(otherDev, { score: 5, review: 'Great' })).status).toBe(200);
    expect(await totals()).toEqual({ avg: 4.5, count: 2 });

    const detail = await t.http().get(`/api/store/agents/${agentId}`).set(auth(user));
    expect(detail.body.ratingSummary).toEqual({
      average: 4.5,
      count: 2,
      histogram: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 1 },
    });
    expect(detail.body.myRating).toEqual({ score: 4, review: null });
    expect(detail.body.canRate).toBe(true);
    expect(detail.body).toEqual(expect.objectContaining({ ratingAvg: 4.5, ratingCount: 2 }));
  });

  it('keeps rating totals exact under concurrent raters', async () => {
    const target = await createFixtureAgent(t, owner, { name: 'Crowd favourite' });
    const users = await createUsersFast(t, 30);
    await Promise.all(
      users.map((u) => t.http().post(`/api/store/agents/${target}/install`).set(auth(u)).expect(200)),
    );
    const scores = users.map((_, i) => (i % 5) + 1);
    const results = await Promise.all(users.map((u, i) => rate(u, { score: scores[i] }, target)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Half of them change their mind at the same time.
    await Promise.all(users.slice(0, 15).map((u) => rate(u, { score: 5 }, target)));
    const expected = [...Array(15).fill(5), ...scores.slice(15)];
    const avg = expected.reduce((a, b) => a + b, 0) / expected.length;
    const got = await totals(target);
    expect(got.count).toBe(30);
    expect(got.avg).toBeCloseTo(avg, 10);
  });

  it('lists ratings newest first with reviewer names, paginated', async () => {
    const page1 = await t.http().get(`/api/store/agents/${agentId}/ratings`).query({ pageSize: 1 });
    expect(page1.status).toBe(200);
    expect(page1.body.total).toBe(2);
    expect(page1.body.items).toHaveLength(1);
    expect(page1.body.items[0].review).toBe('Great');
    expect(page1.body.items[0].reviewer.displayName).toBe(otherDev.displayName);
    const page2 = await t.http().get(`/api/store/agents/${agentId}/ratings`).query({ pageSize: 1, page: 2 });
    expect(page2.body.items[0].reviewer).toEqual({ id: user.id, displayName: 'Rita Rater' });
    expect(JSON.stringify(page1.body) + JSON.stringify(page2.body)).not.toMatch(/@example\.test/);
    const bad = await t.http().get(`/api/store/agents/${agentId}/ratings`).query({ pageSize: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.pageSize');
  });

  it('404s rating routes of agents outside the store', async () => {
    const archived = await createFixtureAgent(t, owner, { name: 'Gone', state: 'archived' });
    await t.app.get(StoreService).recordUsage(user.id, archived);
    expect((await rate(user, { score: 5 }, archived)).status).toBe(404);
    expect((await t.http().get(`/api/store/agents/${archived}/ratings`)).status).toBe(404);
  });
});

describe('store recommendations', () => {
  let t: TestApp;
  let dev: TestUser;
  const cat: Record<string, string> = {};
  const ag: Record<string, string> = {};

  beforeAll(async () => {
    t = await createStoreTestApp();
    dev = await t.createUser(['developer']);
    for (const slug of ['writing', 'coding', 'travel']) {
      const [row] = await t.db.query<{ id: string }>(
        `INSERT INTO agent_categories (slug, name) VALUES ($1, $1) RETURNING id`,
        [slug],
      );
      cat[slug] = row!.id;
    }
    const mk = (
      name: string,
      category: string,
      installCount: number,
      rating?: { avg: number; count: number },
    ) => createFixtureAgent(t, dev, { name, categoryId: cat[category], installCount, rating });
    ag.w1 = await mk('Writer one', 'writing', 50);
    ag.w2 = await mk('Writer two', 'writing', 80);
    ag.w3 = await mk('Writer three', 'writing', 10);
    ag.c1 = await mk('Coder one', 'coding', 500, { avg: 3, count: 100 });
    ag.c2 = await mk('Coder two', 'coding', 5);
    ag.t1 = await mk('Travel top', 'travel', 20, { avg: 4.9, count: 100 });
    ag.t2 = await mk('Travel one vote', 'travel', 1, { avg: 5, count: 1 });
    ag.hidden = await createFixtureAgent(t, dev, {
      name: 'Writer archived',
      categoryId: cat.writing,
      installCount: 1000,
      state: 'archived',
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const recommend = async (who: { accessToken: string }, limit?: number) => {
    const res = await t
      .http()
      .get('/api/store/recommendations')
      .query(limit ? { limit } : {})
      .set(auth(who));
    expect(res.status).toBe(200);
    return res.body.items as Array<{ id: string; name: string; reason: string }>;
  };

  it('needs credentials and validates limit', async () => {
    expect((await t.http().get('/api/store/recommendations')).status).toBe(401);
    const [u] = await createUsersFast(t, 1);
    const bad = await t.http().get('/api/store/recommendations').query({ limit: 51 }).set(auth(u!));
    expect(bad.status).toBe(400);
    expect(bad.body.details[0].path).toBe('query.limit');
  });

  it('cold start: top Bayesian-rated agents, then most installed', async () => {
    const [u] = await createUsersFast(t, 1);
    const items = await recommend(u!, 3);
    // Means: 4.9 × 100 → 4.85, 5 × 1 → 4.13, unrated → the global mean 3.96, 3 × 100 → 3.05.
    expect(items.map((i) => i.name)).toEqual(['Travel top', 'Travel one vote', 'Writer two']);
    expect(items.every((i) => i.reason === 'top_rated')).toBe(true);
  });

  it('recommends popular agents of the categories the user uses, excluding installed ones', async () => {
    const [u] = await createUsersFast(t, 1);
    await t.http().post(`/api/store/agents/${ag.w1}/install`).set(auth(u!)).expect(200);
    // Used a coding agent without installing it: coding counts, but less than writing here.
    await t.app.get(StoreService).recordUsage(u!.id, ag.c2!);
    const items = await recommend(u!, 10);
    const names = items.map((i) => i.name);
    expect(names.slice(0, 4)).toEqual(['Writer two', 'Writer three', 'Coder one', 'Coder two']);
    expect(items.slice(0, 4).every((i) => i.reason === 'category')).toBe(true);
    expect(names).not.toContain('Writer one');
    expect(names).not.toContain('Writer archived');
    // The rest of the list is filled with top-rated agents from elsewhere, without repeats.
    expect(names.slice(4)).toEqual(['Travel top', 'Travel one vote']);
    expect(new Set(names).size).toBe(names.length);

    // Heavier use of coding moves it ahead of writing.
    for (let i = 0; i < 5; i++) await t.app.get(StoreService).recordUsage(u!.id, ag.c2!);
    const after = (await recommend(u!, 2)).map((i) => i.name);
    expect(after).toEqual(['Coder one', 'Coder two']);
  });

  it("never recommends the caller's own agents", async () => {
    const items = await recommend(dev, 20);
    expect(items).toEqual([]);
  });
});
