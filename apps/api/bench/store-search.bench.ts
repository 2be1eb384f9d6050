/**
 * Store search latency with 100,000 generated agents, through the real HTTP app.
 *
 * Run (needs the local Postgres of the tests; takes about a minute):
 *   pnpm --filter @agenthub/api exec jest --runInBand --roots '<rootDir>/bench' \
 *     --testRegex 'store-search\.bench\.ts$' --testTimeout 900000
 * Env: STORE_BENCH_AGENTS (default 100000), STORE_BENCH_ITERATIONS (default 60).
 * Prints a table and writes bench-results/store-search.json at the repository root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../test/helpers/test-app';
import { createTestDatabase } from '../test/helpers/test-database';

const AGENTS = Number(process.env.STORE_BENCH_AGENTS ?? 100_000);
const ITERATIONS = Number(process.env.STORE_BENCH_ITERATIONS ?? 60);

const QUERIES: Array<{ name: string; query: Record<string, string> }> = [
  { name: 'no query, popular', query: {} },
  { name: 'no query, sort=rating (Bayesian)', query: { sort: 'rating' } },
  { name: 'English word', query: { q: 'translator' } },
  { name: 'English, stemmed two words', query: { q: 'translating invoices' } },
  { name: 'English, one hit (number in a name)', query: { q: '12345' } },
  { name: 'Chinese 2 chars', query: { q: '客服' } },
  { name: 'Chinese 4 chars', query: { q: '智能客服' } },
  { name: 'short Latin (2 chars, word prefix)', query: { q: 'st' } },
  { name: 'typo', query: { q: 'custmer' } },
  { name: 'typo + page 10', query: { q: 'translater', page: '10' } },
  { name: 'category + tag filter', query: { category: 'bench-cat-3', tags: 'tag7' } },
];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 100) / 100;

async function seed(t: TestApp): Promise<void> {
  const [dev] = await t.db.query<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash, roles, disabled)
     VALUES ('bench-dev@example.test', 'Bench Dev', 'x', ARRAY['developer'], false) RETURNING id`,
  );
  await t.db.query(
    `INSERT INTO agent_categories (slug, name, sort) SELECT 'bench-cat-' || g, 'Category ' || g, g FROM generate_series(0, 19) g`,
  );
  // Vocabulary mixing English and Chinese so every query kind has a realistic number of hits.
  await t.db.query(
    `WITH words AS (
       SELECT ARRAY['customer','service','translator','writer','coder','analyst','travel','legal','tutor','search',
                    'assistant','helper','bot','agent','summary','email','research','finance','health','music',
                    'recipe','fitness','garden','story','poem','resume','interview','contract','invoice','tax',
                    'budget','stock','crypto','weather','news','sports','movie','game','chess','math',
                    'physics','chemistry','history','geography','language','grammar','spelling','essay','slide','chart',
                    'sql','python','javascript','devops','security','privacy','design','logo','photo','video'] AS en,
              ARRAY['智能','客服','助手','翻译','写作','数据','分析','旅行','法律','搜索','学习','音乐',
                    '食谱','健身','园艺','故事','诗歌','简历','面试','合同','发票','税务','预算','股票',
                    '天气','新闻','体育','电影','游戏','象棋','数学','物理','化学','历史','地理','语法',
                    '作文','图表','设计','视频'] AS zh)
     INSERT INTO agents (owner_id, slug, name, name_zh, description, description_zh, tags, category_id, status,
                         install_count, rating_avg, rating_count, published_at, latest_version)
     SELECT $1, 'bench-' || g,
            initcap(en[1 + g % 60]) || ' ' || en[1 + (g / 60) % 60] || ' ' || g,
            zh[1 + g % 40] || zh[1 + (g / 40) % 40] || zh[1 + (g / 1600) % 40],
            'Helps with ' || en[1 + (g / 7) % 60] || ' and ' || en[1 + (g / 3) % 60] || ' tasks for busy people.',
            '帮助处理' || zh[1 + (g / 7) % 40] || zh[1 + (g / 11) % 40] || '相关的任务。',
            ARRAY['tag' || (g % 50), 'tag' || (g % 13)],
            (SELECT id FROM agent_categories WHERE slug = 'bench-cat-' || (g % 20)),
            'published', (g * 7919) % 10000, 1 + (g % 400) / 100.0, g % 300,
            now() - (g || ' minutes')::interval, '1.0.0'
       FROM generate_series(1, $2) g, words`,
    [dev!.id, AGENTS],
  );
  await t.db.query(
    `INSERT INTO agent_versions (agent_id, version, workflow_definition, resolved_definition, changelog, review_status,
                                 submitted_at, reviewed_at)
     SELECT id, '1.0.0', '{"schemaVersion":1}'::jsonb, '{"schemaVersion":1}'::jsonb, 'Bench', 'published', now(), now()
       FROM agents WHERE slug LIKE 'bench-%'`,
  );
  await t.db.query(
    `UPDATE agents a SET current_version_id = v.id FROM agent_versions v WHERE v.agent_id = a.id AND a.slug LIKE 'bench-%'`,
  );
  await t.db.query(`ANALYZE agents; ANALYZE agent_versions; ANALYZE agent_categories`);
}

it(`store search p50/p95 with ${AGENTS} agents`, async () => {
  const saved = process.env.SEED_DEMO;
  process.env.SEED_DEMO = 'false';
  const db = await createTestDatabase();
  const t = await createTestApp({ database: db, env: { DATABASE_POOL_MAX: '8' } });
  if (saved === undefined) delete process.env.SEED_DEMO;
  else process.env.SEED_DEMO = saved;
  try {
    const seedStart = performance.now();
    await seed(t);
    const seedMs = performance.now() - seedStart;

    const results: Array<{ name: string; value: number; unit: string; note?: string }> = [];
    const rows: Array<Record<string, string | number>> = [];
    for (const { name, query } of QUERIES) {
      for (let i = 0; i < 5; i++) await t.http().get('/api/store/agents').query(query).expect(200); // warm-up
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const start = performance.now();
        const res = await t.http().get('/api/store/agents').query(query);
        times.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
        total = res.body.total as number;
      }
      times.sort((a, b) => a - b);
      const p50 = round(percentile(times, 50));
      const p95 = round(percentile(times, 95));
      rows.push({ query: name, hits: total, 'p50 ms': p50, 'p95 ms': p95 });
      results.push({ name: `${name} p50`, value: p50, unit: 'ms', note: `${total} hits` });
      results.push({ name: `${name} p95`, value: p95, unit: 'ms' });
    }
    console.table(rows);
    const out = {
      package: '@agenthub/api',
      benchmark: 'store-search',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      agents: AGENTS,
      iterations: ITERATIONS,
      seedSeconds: round(seedMs / 1000),
      results,
    };
    const dir = join(__dirname, '..', '..', '..', 'bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'store-search.json'), `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await t.close();
    // STORE_BENCH_KEEP=1 leaves the database for EXPLAIN sessions.
    if (process.env.STORE_BENCH_KEEP === '1') console.log(`kept database ${db.name}`);
    else await db.drop();
  }
});
