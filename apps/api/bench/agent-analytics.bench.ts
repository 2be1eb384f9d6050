/**
 * Agent analytics latency (`GET /api/agents/:id/analytics`, 90 days) over 100,000 chat runs of one
 * agent, through the real HTTP app. Part of `pnpm bench`; alone:
 *   pnpm --filter @agenthub/api exec jest --runInBand --roots '<rootDir>/bench' \
 *     --testRegex 'agent-analytics\.bench\.ts$' --testTimeout 900000
 * Env: ANALYTICS_BENCH_RUNS (default 100000), ANALYTICS_BENCH_ITERATIONS (default 60).
 * Goal: p95 < 200 ms. Prints a table and writes bench-results/agent-analytics.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { addDays } from '@agenthub/contracts';
import { bearer, createTestApp } from '../test/helpers/test-app';
import { createTestDatabase } from '../test/helpers/test-database';
import { createFixtureAgent } from '../test/store/store-test.helpers';

const RUNS = Number(process.env.ANALYTICS_BENCH_RUNS ?? 100_000);
const ITERATIONS = Number(process.env.ANALYTICS_BENCH_ITERATIONS ?? 60);
const USERS = 500;
const GOAL_P95_MS = 200;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const round = (n: number) => Math.round(n * 100) / 100;

it(`agent analytics p50/p95 over ${RUNS} runs`, async () => {
  const saved = process.env.SEED_DEMO;
  process.env.SEED_DEMO = 'false';
  const db = await createTestDatabase();
  const t = await createTestApp({ database: db });
  if (saved === undefined) delete process.env.SEED_DEMO;
  else process.env.SEED_DEMO = saved;
  try {
    const owner = await t.createUser(['developer']);
    const agentId = await createFixtureAgent(t, owner, { name: 'Bench analytics' });
    // Another agent's runs share the table, as in production.
    const otherId = await createFixtureAgent(t, owner, { name: 'Bench other' });
    const seedStart = performance.now();
    await t.db.query(
      `INSERT INTO users (email, display_name, password_hash, roles, disabled)
       SELECT 'bench-' || g || '@example.test', 'Bench ' || g, 'x', ARRAY['user'], false FROM generate_series(1, $1) g`,
      [USERS],
    );
    await t.db.query(
      `WITH u AS (SELECT array_agg(id) AS ids FROM users WHERE email LIKE 'bench-%')
       INSERT INTO workflow_executions (kind, status, agent_id, user_id, definition, step_limit, prompt_tokens,
                                        completion_tokens, cost_usd, created_at, started_at, completed_at)
       SELECT 'chat', (ARRAY['completed','completed','completed','completed','failed','cancelled'])[1 + g % 6],
              CASE WHEN g % 5 = 0 THEN $3::uuid ELSE $2::uuid END, u.ids[1 + g % $4], '{}', 50,
              g % 900, g % 300, (g % 100) / 1000.0,
              now() - make_interval(secs => (g * 61 % (90 * 86400))),
              now() - make_interval(secs => (g * 61 % (90 * 86400))),
              now() - make_interval(secs => (g * 61 % (90 * 86400))) + make_interval(secs => (g % 5000) / 1000.0)
         FROM generate_series(1, $1) g, u`,
      [Math.round(RUNS * 1.25), agentId, otherId, USERS],
    );
    await t.db.query(
      `WITH u AS (SELECT array_agg(id) AS ids FROM users WHERE email LIKE 'bench-%')
       INSERT INTO chats (user_id, agent_id, agent_version_id, agent_version, title, created_at)
       SELECT u.ids[1 + g % $2], a.id, a.current_version_id, '1.0.0', 'Bench', now() - make_interval(mins => g * 13 % (90 * 1440))
         FROM generate_series(1, 10000) g, u, agents a WHERE a.id = $1`,
      [agentId, USERS],
    );
    await t.db.query(
      `INSERT INTO chat_messages (chat_id, role, content, status, created_at)
       SELECT c.id, CASE WHEN k % 2 = 0 THEN 'user' ELSE 'assistant' END, 'hi', 'completed', c.created_at
         FROM chats c, generate_series(1, 4) k WHERE c.agent_id = $1`,
      [agentId],
    );
    await t.db.query(
      `INSERT INTO agent_installs (user_id, agent_id, installed_at)
       SELECT id, $1, now() - make_interval(hours => row_number() OVER () :: int * 3) FROM users WHERE email LIKE 'bench-%'`,
      [agentId],
    );
    await t.db.query(
      `INSERT INTO agent_ratings (user_id, agent_id, score, created_at, updated_at)
       SELECT id, $1, 1 + (row_number() OVER ())::int % 5, now(), now() - make_interval(hours => (row_number() OVER ())::int * 2)
         FROM users WHERE email LIKE 'bench-%'`,
      [agentId],
    );
    await t.db.query(`VACUUM ANALYZE workflow_executions`);
    await t.db.query(`ANALYZE chats; ANALYZE chat_messages; ANALYZE agent_installs; ANALYZE agent_ratings`);
    const seedMs = performance.now() - seedStart;

    const today = new Date().toISOString().slice(0, 10);
    const ranges = [
      { name: '90 days', from: addDays(today, -89) },
      { name: '30 days', from: addDays(today, -29) },
      { name: '7 days', from: addDays(today, -6) },
    ];
    const rows: Array<Record<string, string | number>> = [];
    const results: Array<{ name: string; value: number; unit: string; note?: string }> = [];
    for (const range of ranges) {
      const get = () =>
        t
          .http()
          .get(`/api/agents/${agentId}/analytics`)
          .query({ from: range.from, to: today })
          .set('Authorization', bearer(owner.accessToken));
      for (let i = 0; i < 5; i++) await get().expect(200);
      const times: number[] = [];
      let runs = 0;
      for (let i = 0; i < ITERATIONS; i++) {
        const start = performance.now();
        const res = await get();
        times.push(performance.now() - start);
        if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
        runs = res.body.totals.runs as number;
      }
      times.sort((a, b) => a - b);
      const p50 = round(percentile(times, 50));
      const p95 = round(percentile(times, 95));
      rows.push({
        range: range.name,
        'runs in range': runs,
        'p50 ms': p50,
        'p95 ms': p95,
        'goal p95 ms': GOAL_P95_MS,
      });
      results.push({ name: `${range.name} p50`, value: p50, unit: 'ms', note: `${runs} runs` });
      results.push({ name: `${range.name} p95`, value: p95, unit: 'ms' });
    }
    console.table(rows);
    const out = {
      package: '@agenthub/api',
      benchmark: 'agent-analytics',
      date: new Date().toISOString(),
      node: process.version,
      cpus: cpus().length,
      runs: RUNS,
      iterations: ITERATIONS,
      seedSeconds: round(seedMs / 1000),
      goalP95Ms: GOAL_P95_MS,
      results,
    };
    const dir = join(__dirname, '..', '..', '..', 'bench-results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'agent-analytics.json'), `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await t.close();
    await db.drop();
  }
});
