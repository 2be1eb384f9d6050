import {
  auth,
  createCategory,
  createFixtureAgent,
  createStoreTestApp,
  type TestApp,
  type TestUser,
} from './store-test.helpers';

interface Item {
  id: string;
  name: string;
  slug: string;
  installed: boolean;
  ratingScore: number;
}

describe('store search and browsing', () => {
  let t: TestApp;
  let dev: TestUser;
  let user: TestUser;
  const ids: Record<string, string> = {};
  let supportCat: string;
  let emailCat: string;
  let writingCat: string;

  beforeAll(async () => {
    t = await createStoreTestApp();
    [dev, user] = await Promise.all([
      t.createUser(['developer'], { displayName: 'Dana Dev' }),
      t.createUser(['user']),
    ]);
    supportCat = await createCategory(t, { slug: 'support', name: 'Support', nameZh: '客户服务', sort: 1 });
    emailCat = await createCategory(t, {
      slug: 'support-email',
      name: 'Email support',
      parentId: supportCat,
    });
    writingCat = await createCategory(t, { slug: 'writing', name: 'Writing', sort: 2 });
    const day = 24 * 3600 * 1000;
    const now = Date.now();
    ids.cs = await createFixtureAgent(t, dev, {
      name: 'Customer service assistant',
      nameZh: '智能客服助手',
      description: 'Answers common questions and hands tricky cases to a human.',
      descriptionZh: '自动解答常见问题。',
      tags: ['support', 'faq'],
      categoryId: supportCat,
      installCount: 40,
      rating: { avg: 4.0, count: 10 },
      publishedAt: new Date(now - 10 * day),
      slug: 'customer-service',
      versions: [
        { version: '0.1.0', changelog: 'Beta' },
        { version: '0.2.0', changelog: 'Handoff to humans' },
      ],
    });
    ids.mail = await createFixtureAgent(t, dev, {
      name: 'Inbox triage',
      description: 'Sorts customer emails and drafts replies for the support team.',
      tags: ['email'],
      categoryId: emailCat,
      installCount: 5,
      rating: { avg: 5.0, count: 1 },
      publishedAt: new Date(now - 5 * day),
    });
    ids.translator = await createFixtureAgent(t, dev, {
      name: 'Translator',
      nameZh: '翻译助手',
      description: 'Translates text between languages while keeping the tone.',
      tags: ['translation', 'Language'],
      categoryId: writingCat,
      installCount: 100,
      rating: { avg: 4.8, count: 50 },
      publishedAt: new Date(now - 20 * day),
    });
    ids.writer = await createFixtureAgent(t, dev, {
      name: 'Writing assistant',
      description: 'Drafts articles and polishes posts.',
      tags: ['writing'],
      categoryId: writingCat,
      installCount: 10,
      publishedAt: new Date(now - 1 * day),
    });
    // Not in the store: archived, never published, pending review, deleted.
    ids.archived = await createFixtureAgent(t, dev, {
      name: 'Customer archive bot',
      state: 'archived',
      categoryId: supportCat,
    });
    ids.draft = await createFixtureAgent(t, dev, {
      name: 'Customer draft bot',
      state: 'draft',
      categoryId: supportCat,
    });
    ids.pending = await createFixtureAgent(t, dev, {
      name: 'Customer pending bot',
      state: 'pending',
      categoryId: supportCat,
    });
    ids.deleted = await createFixtureAgent(t, dev, {
      name: 'Customer deleted bot',
      state: 'deleted',
      categoryId: supportCat,
    });
  });
  afterAll(async () => {
    await t.close();
  });

  const list = async (query: Record<string, string | string[]>, who?: TestUser) => {
    const req = t.http().get('/api/store/agents').query(query);
    if (who) req.set(auth(who));
    const res = await req;
    expect(res.status).toBe(200);
    return res.body as { items: Item[]; total: number; page: number; pageSize: number };
  };
  const names = (body: { items: Item[] }) => body.items.map((i) => i.name);

  it('lists only published, non-archived, non-deleted agents, anonymously, popular first by default', async () => {
    const body = await list({});
    expect(names(body)).toEqual([
      'Translator',
      'Customer service assistant',
      'Writing assistant',
      'Inbox triage',
    ]);
    expect(body.total).toBe(4);
    const cs = body.items.find((i) => i.id === ids.cs)!;
    expect(cs).toEqual(
      expect.objectContaining({
        slug: 'customer-service',
        nameZh: '智能客服助手',
        developer: { id: dev.id, displayName: 'Dana Dev' },
        category: { id: supportCat, slug: 'support', name: 'Support', nameZh: '客户服务' },
        installCount: 40,
        latestVersion: '1.0.0',
        installed: false,
      }),
    );
    expect(JSON.stringify(body)).not.toContain(dev.email);
  });

  it('finds Chinese text by substring (客服 → 智能客服助手)', async () => {
    expect(names(await list({ q: '客服' }))).toEqual(['Customer service assistant']);
    expect(names(await list({ q: '翻译' }))).toEqual(['Translator']);
    expect(names(await list({ q: '常见问题' }))).toEqual(['Customer service assistant']);
  });

  it('tolerates typos (custmer → Customer service) without matching unrelated agents', async () => {
    const body = await list({ q: 'custmer' });
    expect(names(body)[0]).toBe('Customer service assistant');
    expect(names(body)).not.toContain('Translator');
    expect(names(body)).not.toContain('Writing assistant');
    expect(names(await list({ q: 'translater' }))).toEqual(['Translator']);
  });

  it('stems English words (translating → Translates) and searches tags', async () => {
    expect(names(await list({ q: 'translating' }))).toEqual(['Translator']);
    expect(names(await list({ q: 'faq' }))).toEqual(['Customer service assistant']);
    expect(names(await list({ q: 'polished articles' }))).toEqual(['Writing assistant']);
    // One or two letters match word starts, not any substring ("po" is in "support", unmatched).
    expect(names(await list({ q: 'tr' }))).toEqual([
      'Translator',
      'Inbox triage',
      'Customer service assistant',
    ]);
    expect(names(await list({ q: 'po' }))).toEqual(['Writing assistant']);
  });

  it('ranks name matches above description matches', async () => {
    // "customer" is in the name of one agent and only in the description of another.
    const body = await list({ q: 'customer' });
    expect(names(body)).toEqual(['Customer service assistant', 'Inbox triage']);
  });

  it('never finds agents outside the store, whatever the query', async () => {
    for (const q of ['customer', 'bot', 'archive', 'draft', 'pending', 'deleted']) {
      const found = (await list({ q })).items.map((i) => i.id);
      for (const hidden of [ids.archived, ids.draft, ids.pending, ids.deleted])
        expect(found).not.toContain(hidden);
    }
  });

  it('filters by category including sub-categories, by id or slug', async () => {
    expect(names(await list({ category: 'support' }))).toEqual([
      'Customer service assistant',
      'Inbox triage',
    ]);
    expect(names(await list({ category: supportCat }))).toEqual([
      'Customer service assistant',
      'Inbox triage',
    ]);
    expect(names(await list({ category: 'support-email' }))).toEqual(['Inbox triage']);
    expect((await list({ category: 'no-such-category' })).total).toBe(0);
  });

  it('filters by tags, any of them, comma-separated or repeated, case-insensitively', async () => {
    expect(names(await list({ tags: 'faq,email' }))).toEqual(['Customer service assistant', 'Inbox triage']);
    expect(names(await list({ tags: ['faq', 'writing'] }))).toEqual([
      'Customer service assistant',
      'Writing assistant',
    ]);
    expect(names(await list({ tags: 'language' }))).toEqual(['Translator']);
    expect(names(await list({ tags: 'FAQ', q: 'customer' }))).toEqual(['Customer service assistant']);
  });

  it('sorts by newest and by Bayesian rating (one 5-star vote does not top the list)', async () => {
    expect(names(await list({ sort: 'newest' }))).toEqual([
      'Writing assistant',
      'Inbox triage',
      'Customer service assistant',
      'Translator',
    ]);
    const byRating = await list({ sort: 'rating' });
    // 4.8 × 50 beats 5.0 × 1, which beats 4.0 × 10; unrated agents sit at the prior.
    expect(names(byRating).slice(0, 2)).toEqual(['Translator', 'Inbox triage']);
    const scores = byRating.items.map((i) => i.ratingScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const mean = (4.0 * 10 + 5 * 1 + 4.8 * 50) / 61;
    const inbox = byRating.items.find((i) => i.id === ids.mail)!;
    expect(inbox.ratingScore).toBeCloseTo((5 * mean + 5) / 6, 6);
    expect(inbox.ratingScore).toBeLessThan(4.8);
  });

  it('paginates with a stable total', async () => {
    const p1 = await list({ pageSize: '3', page: '1' });
    const p2 = await list({ pageSize: '3', page: '2' });
    const p3 = await list({ pageSize: '3', page: '3' });
    expect(p1.items).toHaveLength(3);
    expect(p2.items).toHaveLength(1);
    expect(p3.items).toHaveLength(0);
    expect([p1.total, p2.total, p3.total]).toEqual([4, 4, 4]);
    expect(new Set([...p1.items, ...p2.items].map((i) => i.id)).size).toBe(4);
    expect(p2).toEqual(expect.objectContaining({ page: 2, pageSize: 3 }));
    // Text searches too, also past the last page.
    const q1 = await list({ q: 'customer', pageSize: '1' });
    const q2 = await list({ q: 'customer', pageSize: '1', page: '2' });
    const q9 = await list({ q: 'customer', pageSize: '1', page: '9' });
    expect([q1.total, q2.total, q9.total]).toEqual([2, 2, 2]);
    expect([...names(q1), ...names(q2), ...names(q9)]).toEqual([
      'Customer service assistant',
      'Inbox triage',
    ]);
  });

  it('rejects bad parameters with field paths (never a 500)', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ pageSize: '101' }, 'query.pageSize'],
      [{ page: '0' }, 'query.page'],
      [{ page: 'abc' }, 'query.page'],
      [{ sort: 'cheapest' }, 'query.sort'],
      [{ q: 'x'.repeat(201) }, 'query.q'],
      [{ tags: 'y'.repeat(41) }, 'query.tags.0'],
    ];
    for (const [query, path] of cases) {
      const res = await t.http().get('/api/store/agents').query(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    // Odd but valid input is just a search.
    for (const q of ['%', '_', '\\', "'; DROP TABLE agents; --", '!!!', '&|:*']) {
      const res = await t.http().get('/api/store/agents').query({ q });
      expect(res.status).toBe(200);
    }
  });

  it('marks installed agents for a signed-in caller', async () => {
    await t.http().post(`/api/store/agents/${ids.writer}/install`).set(auth(user)).expect(200);
    const body = await list({}, user);
    expect(body.items.find((i) => i.id === ids.writer)!.installed).toBe(true);
    expect(body.items.find((i) => i.id === ids.cs)!.installed).toBe(false);
    // An invalid token on a public route is simply anonymous.
    const anon = await t.http().get('/api/store/agents').set('Authorization', 'Bearer nonsense');
    expect(anon.status).toBe(200);
    expect(anon.body.items.every((i: Item) => !i.installed)).toBe(true);
  });

  it('shows details by id or slug: versions newest first, rating summary, developer', async () => {
    const bySlug = await t.http().get('/api/store/agents/customer-service');
    expect(bySlug.status).toBe(200);
    const byId = await t.http().get(`/api/store/agents/${ids.cs}`);
    expect(byId.body.id).toBe(bySlug.body.id);
    expect(bySlug.body).toEqual(
      expect.objectContaining({
        name: 'Customer service assistant',
        developer: { id: dev.id, displayName: 'Dana Dev' },
        installCount: 40,
        installed: false,
        myRating: null,
        canRate: false,
        ratingSummary: { average: 0, count: 0, histogram: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 } },
      }),
    );
    expect(bySlug.body.versions.map((v: { version: string }) => v.version)).toEqual([
      '1.0.0',
      '0.2.0',
      '0.1.0',
    ]);
    expect(bySlug.body.versions[1]).toEqual({
      version: '0.2.0',
      changelog: 'Handoff to humans',
      publishedAt: expect.any(String),
    });
    expect(bySlug.body).not.toHaveProperty('ownerEmail');
  });

  it('404s details of agents outside the store', async () => {
    for (const id of [
      ids.archived,
      ids.draft,
      ids.pending,
      ids.deleted,
      '00000000-0000-4000-8000-000000000000',
    ]) {
      const res = await t.http().get(`/api/store/agents/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
    expect((await t.http().get('/api/store/agents/no-such-slug')).status).toBe(404);
  });

  it('gives the category tree with visible-agent counts including sub-categories', async () => {
    const res = await t.http().get('/api/store/categories');
    expect(res.status).toBe(200);
    const items = res.body.items as Array<{
      slug: string;
      agentCount: number;
      children: Array<{ slug: string; agentCount: number }>;
    }>;
    expect(items.map((c) => [c.slug, c.agentCount])).toEqual([
      ['support', 2],
      ['writing', 2],
    ]);
    expect(items[0]!.children.map((c) => [c.slug, c.agentCount])).toEqual([['support-email', 1]]);
  });
});
