import type { AddressInfo } from 'node:net';
import { bearer, createTestApp, type TestApp } from '../helpers/test-app';

/**
 * Hostile-input fuzz over every route of the OpenAPI document: NUL and lone surrogates, huge
 * strings, wrong types, deep nesting and malformed path/query values, sent as each kind of
 * caller. Whatever the input, the API must answer with a client error, never 5xx.
 */
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  format?: string;
  minimum?: number;
  default?: unknown;
};
interface Operation {
  parameters?: Array<{ name: string; in: 'path' | 'query' | 'header'; schema?: Schema }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const NUL = 'a\u0000b';
const LONE = 'x\uD800y';
const HUGE = 'h'.repeat(200_000);
const UUID = '3f1c0a52-6d0e-4c8e-9b62-0e4b7f1d2a11';

function deepNest(depth: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

/** A plausible value for a schema, so that mutations reach past the first missing field. */
function sample(schema: Schema | undefined, doc: Doc, depth = 0): unknown {
  if (!schema || depth > 8) return 'x';
  if (schema.$ref) return sample(doc.components?.schemas?.[schema.$ref.split('/').pop()!], doc, depth + 1);
  if (schema.default !== undefined) return schema.default;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf ?? schema.allOf;
  if (alt?.length) return sample(alt[0], doc, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = sample(v, doc, depth + 1);
      return out;
    }
    case 'array':
      return [sample(schema.items, doc, depth + 1)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'uuid') return UUID;
      if (schema.format === 'email') return 'fuzz@example.test';
      if (schema.format === 'uri') return 'https://example.test/';
      return 'fuzz';
    default:
      return 'x';
  }
}

/** Paths of the string leaves of a value (capped, first ones first). */
function stringLeaves(v: unknown, path: string[] = [], out: string[][] = []): string[][] {
  if (out.length >= 4) return out;
  if (typeof v === 'string') out.push(path);
  else if (Array.isArray(v)) v.forEach((x, i) => stringLeaves(x, [...path, String(i)], out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) stringLeaves(x, [...path, k], out);
  return out;
}

function withLeaf(v: unknown, path: string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string, unknown>;
  copy[path[0]] = withLeaf(copy[path[0]], path.slice(1), leaf);
  return copy;
}

function bodyVariants(base: unknown): unknown[] {
  const out: unknown[] = [base, deepNest(3000), [base], 'just a string', 42, null];
  const leaves = stringLeaves(base);
  for (const leaf of leaves) {
    out.push(withLeaf(base, leaf, NUL), withLeaf(base, leaf, LONE), withLeaf(base, leaf, 7));
  }
  if (leaves.length) {
    out.push(leaves.reduce((acc, leaf) => withLeaf(acc, leaf, HUGE), base));
    out.push(withLeaf(base, leaves[0], deepNest(500)));
  }
  if (base && typeof base === 'object' && !Array.isArray(base))
    out.push({ ...base, 'k\u0000': 1, extra: { '\uDC00': LONE } });
  return out;
}

const PATH_VALUES = [
  UUID,
  '%00',
  '%ED%A0%80',
  '%F0%9F',
  encodeURIComponent(NUL),
  'not-a-uuid',
  'h'.repeat(5000),
];
/** Already percent-encoded (a lone surrogate has no UTF-8 form: %ED%A0%80 is its CESU-8 bytes). */
const QUERY_VALUES = [
  'a%00b',
  '%ED%A0%80',
  '%F0%9F',
  'h'.repeat(6000),
  '-1',
  '1e400',
  '%5Bobject%20Object%5D',
];

interface Probe {
  method: string;
  url: string;
  body?: string;
  contentType?: string;
}

function probesFor(doc: Doc, path: string, method: string, op: Operation, full: boolean): Probe[] {
  const params = op.parameters ?? [];
  const pathNames = params.filter((p) => p.in === 'path').map((p) => p.name);
  const fill = (value: string) =>
    pathNames.reduce((p, name) => p.replace(`{${name}}`, value), path).replace(/\{[^}]+\}/g, UUID);
  const validPath = fill(UUID);
  const probes: Probe[] = [];
  const pathValues = full ? PATH_VALUES : PATH_VALUES.slice(0, 3);
  if (pathNames.length) for (const v of pathValues) probes.push({ method, url: fill(v) });
  else probes.push({ method, url: validPath });

  if (full)
    for (const q of params.filter((p) => p.in === 'query'))
      for (const v of QUERY_VALUES) probes.push({ method, url: `${validPath}?${q.name}=${v}&${q.name}=dup` });

  const json = op.requestBody?.content?.['application/json'];
  if (json) {
    const variants = bodyVariants(sample(json.schema, doc));
    for (const v of full ? variants : variants.slice(0, 3))
      probes.push({ method, url: validPath, body: JSON.stringify(v), contentType: 'application/json' });
    if (full) {
      probes.push({
        method,
        url: validPath,
        body: '{"a":"\\u0000","b":"\\ud800"}',
        contentType: 'application/json',
      });
      probes.push({
        method,
        url: validPath,
        body: 'a=%00&b=1',
        contentType: 'application/x-www-form-urlencoded',
      });
    }
  }
  return probes;
}

describe('Hostile input over every route', () => {
  let t: TestApp;
  let base: string;
  beforeAll(async () => {
    t = await createTestApp({ env: { LOG_LEVEL: 'warn', CHAT_RUNS_PER_MINUTE: '0' } });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers every request below 500', async () => {
    const doc = (await t.http().get('/api/docs-json').expect(200)).body as Doc;
    const user = await t.createUser(['user']);
    const developer = await t.createUser(['developer']);
    const admin = await t.createUser(['admin']);
    const apiKey = await t.createApiKey(developer);
    const actors: Array<{ name: string; auth?: string; full: boolean }> = [
      { name: 'anonymous', full: false },
      { name: 'user', auth: bearer(user.accessToken), full: false },
      { name: 'developer', auth: bearer(developer.accessToken), full: true },
      { name: 'api key', auth: bearer(apiKey), full: false },
      { name: 'admin', auth: bearer(admin.accessToken), full: true },
    ];

    const jobs: Array<Probe & { actor: string; auth?: string }> = [];
    let routes = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        // Logging out or deleting the caller's own session would turn the rest into 401s.
        if (/\/auth\/logout/.test(path)) continue;
        routes += 1;
        for (const actor of actors)
          for (const p of probesFor(doc, path, method.toUpperCase(), op, actor.full))
            jobs.push({ ...p, actor: actor.name, auth: actor.auth });
      }
    }

    const failures: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        const headers: Record<string, string> = {};
        if (job.auth) headers.authorization = job.auth;
        if (job.contentType) headers['content-type'] = job.contentType;
        const url = base + job.url.replace(/^\/(?!api|v1|metrics)/, '/');
        try {
          const res = await fetch(url, {
            method: job.method,
            headers,
            body: job.method === 'GET' ? undefined : job.body,
            signal: AbortSignal.timeout(10_000),
          });
          await res.body?.cancel();
          if (res.status >= 500)
            failures.push(
              `${res.status} ${job.actor} ${job.method} ${job.url.slice(0, 120)} ${job.body?.slice(0, 120) ?? ''}`,
            );
        } catch (err) {
          failures.push(`${(err as Error).name} ${job.actor} ${job.method} ${job.url.slice(0, 120)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));

    process.stdout.write(`hostile-input: ${jobs.length} requests over ${routes} routes\n`);
    expect(routes).toBeGreaterThan(80);
    expect(jobs.length).toBeGreaterThan(1500);
    expect(failures).toEqual([]);
  }, 300_000);
});
