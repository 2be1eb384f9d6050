import { randomBytes } from 'node:crypto';
import { TokenService } from '../../src/identity/token.service';
import { bearer, createTestApp, type TestApp, type TestUser } from '../helpers/test-app';

/** No demo agents: every store test controls exactly which agents exist. */
export async function createStoreTestApp(): Promise<TestApp> {
  return createTestApp({ env: { SEED_DEMO: 'false' } });
}

export const auth = (u: { accessToken: string }) => ({ Authorization: bearer(u.accessToken) });

export interface LightUser {
  id: string;
  accessToken: string;
}

/**
 * Many users at once, straight in the database with a signed access token (registering each
 * through the API would hash 50 passwords). The token has no session, like an API client's.
 */
export async function createUsersFast(t: TestApp, count: number, role = 'user'): Promise<LightUser[]> {
  const tokens = t.app.get(TokenService);
  const rows = await t.db.query<{ id: string }>(
    `INSERT INTO users (email, display_name, password_hash, roles, disabled)
     SELECT 'bulk-' || $1 || '-' || g || '@example.test', 'Bulk ' || g, 'not-a-hash', ARRAY[$2]::text[], false
       FROM generate_series(1, $3) g
     RETURNING id`,
    [randomBytes(4).toString('hex'), role, count],
  );
  return rows.map((r) => ({ id: r.id, accessToken: tokens.signAccessToken({ sub: r.id }) }));
}

export async function createCategory(
  t: TestApp,
  c: { slug: string; name: string; nameZh?: string; parentId?: string; sort?: number },
): Promise<string> {
  const [row] = await t.db.query<{ id: string }>(
    `INSERT INTO agent_categories (slug, name, name_zh, parent_id, sort) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [c.slug, c.name, c.nameZh ?? null, c.parentId ?? null, c.sort ?? 0],
  );
  return row!.id;
}

export interface FixtureAgent {
  name: string;
  nameZh?: string;
  description?: string;
  descriptionZh?: string;
  tags?: string[];
  categoryId?: string | null;
  slug?: string;
  installCount?: number;
  rating?: { avg: number; count: number };
  publishedAt?: Date;
  /** published (default), archived (published then archived), draft (never published), deleted. */
  state?: 'published' | 'archived' | 'draft' | 'deleted' | 'pending';
  /** The live version (default 1.0.0). */
  currentVersion?: string;
  /** Earlier published versions, oldest first. */
  versions?: Array<{ version: string; changelog: string }>;
}

const DEFINITION = {
  schemaVersion: 1,
  entry: 'answer',
  nodes: [{ id: 'answer', type: 'llm', config: { prompt: '{{input}}' } }],
  edges: [{ from: 'answer', to: '__end__' }],
};

/**
 * An agent in a given lifecycle state, written with SQL in the shape the agent module produces
 * (published versions immutable, current_version_id pointing at the live one).
 */
export async function createFixtureAgent(
  t: TestApp,
  owner: { id: string },
  a: FixtureAgent,
): Promise<string> {
  const state = a.state ?? 'published';
  const slug =
    a.slug ??
    `${
      a.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'agent'
    }-${randomBytes(3).toString('hex')}`;
  const status = state === 'deleted' ? 'published' : state === 'pending' ? 'pending_review' : state;
  const [agent] = await t.db.query<{ id: string }>(
    `INSERT INTO agents (owner_id, slug, name, name_zh, description, description_zh, tags, category_id, status,
                         install_count, rating_avg, rating_count, published_at, archived_at, deleted_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [
      owner.id,
      slug,
      a.name,
      a.nameZh ?? null,
      a.description ?? '',
      a.descriptionZh ?? null,
      a.tags ?? [],
      a.categoryId ?? null,
      status,
      a.installCount ?? 0,
      a.rating?.avg ?? 0,
      a.rating?.count ?? 0,
      state === 'draft' || state === 'pending' ? null : (a.publishedAt ?? new Date()),
      state === 'archived' ? new Date() : null,
      state === 'deleted' ? new Date() : null,
    ],
  );
  const agentId = agent!.id;
  if (state === 'draft') return agentId;
  if (state === 'pending') {
    await t.db.query(
      `INSERT INTO agent_versions (agent_id, version, workflow_definition, resolved_definition, review_status, submitted_at)
       VALUES ($1, '1.0.0', $2, $2, 'pending_review', now())`,
      [agentId, DEFINITION],
    );
    return agentId;
  }
  const current = a.currentVersion ?? '1.0.0';
  const history = [...(a.versions ?? []), { version: current, changelog: 'Current release' }];
  let base = (a.publishedAt ?? new Date()).getTime() - history.length * 60_000;
  let currentId = '';
  for (const v of history) {
    base += 60_000;
    const [row] = await t.db.query<{ id: string }>(
      `INSERT INTO agent_versions (agent_id, version, workflow_definition, resolved_definition, changelog,
                                   review_status, submitted_at, reviewed_at)
       VALUES ($1, $2, $3, $3, $4, 'published', $5, $5) RETURNING id`,
      [agentId, v.version, DEFINITION, v.changelog, new Date(base)],
    );
    currentId = row!.id;
  }
  await t.db.query(`UPDATE agents SET current_version_id = $2, latest_version = $3 WHERE id = $1`, [
    agentId,
    currentId,
    current,
  ]);
  return agentId;
}

export type { TestApp, TestUser };
