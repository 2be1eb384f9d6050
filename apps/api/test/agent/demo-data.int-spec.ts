import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { auth, createAgentTestApp } from './agent-test.helpers';

describe('demo data', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const counts = async () => {
    const [row] = await db.query<{ agents: number; versions: number; categories: number; users: number }>(
      `SELECT (SELECT count(*)::int FROM agents) AS agents,
              (SELECT count(*)::int FROM agent_versions) AS versions,
              (SELECT count(*)::int FROM agent_categories) AS categories,
              (SELECT count(*)::int FROM users WHERE email = 'demo-developer@agenthub.local') AS users`,
    );
    return row!;
  };

  it('is not created with SEED_DEMO=false', async () => {
    const t = await createAgentTestApp({ SEED_DEMO: 'false' }, { database: db });
    await t.close();
    expect(await counts()).toEqual({ agents: 0, versions: 0, categories: 0, users: 0 });
  });

  it('seeds categories and one published bilingual agent per seeded template, idempotently across boots', async () => {
    const first = await createAgentTestApp({ SEED_DEMO: 'true' }, { database: db });
    const afterFirst = await counts();
    try {
      const [{ templates }] = (await db.query<{ templates: number }>(
        `SELECT count(*)::int AS templates FROM workflow_templates WHERE status = 'active'`,
      )) as [{ templates: number }];
      expect(templates).toBeGreaterThanOrEqual(6);
      expect(afterFirst).toEqual({ agents: templates, versions: templates, categories: 6, users: 1 });

      const categories = await first.http().get('/api/categories');
      expect(categories.body.items.map((c: { slug: string }) => c.slug)).toEqual([
        'customer-service',
        'writing',
        'data',
        'search',
        'developer-tools',
        'translation',
      ]);
      expect(categories.body.items[0].nameZh).toBe('客户服务');

      const agents = await db.query<{
        name: string;
        name_zh: string | null;
        description_zh: string | null;
        status: string;
        latest_version: string;
        category_id: string | null;
        review_status: string;
      }>(
        `SELECT a.name, a.name_zh, a.description_zh, a.status, a.latest_version, a.category_id, v.review_status
           FROM agents a JOIN agent_versions v ON v.id = a.current_version_id`,
      );
      expect(agents).toHaveLength(templates);
      for (const a of agents) {
        expect(a).toEqual(
          expect.objectContaining({
            status: 'published',
            latest_version: '1.0.0',
            review_status: 'published',
          }),
        );
        expect(a.name_zh).toMatch(/[\u4e00-\u9fff]/);
        expect(a.description_zh).toMatch(/[\u4e00-\u9fff]/);
        expect(a.category_id).not.toBeNull();
      }
      expect(agents.map((a) => a.name_zh)).toContain('智能客服助手');

      // An admin sees them; they are owned by the demo developer.
      const admin = await first.createUser(['admin']);
      const list = await first.http().get('/api/agents?status=published&pageSize=100').set(auth(admin));
      expect(list.body.total).toBe(templates);
    } finally {
      await first.close();
    }

    const second = await createAgentTestApp({ SEED_DEMO: 'true' }, { database: db });
    await second.close();
    expect(await counts()).toEqual(afterFirst);
  });
});
