import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AuthResponse, Role } from '@agenthub/contracts';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApp } from '../../src/app.setup';
import { AppConfig } from '../../src/config/app-config';
import { type Env, parseSettings } from '../../src/config/config.schema';
import { createTestDatabase, type TestDatabase } from './test-database';
import { deleteRedisKeys, redisAvailable, TEST_REDIS_URL, uniqueRedisPrefix } from './test-redis';

export interface TestAppOptions {
  /** Connect to the test Redis under a unique key prefix (throws if Redis is down in CI). */
  redis?: boolean;
  /** Extra environment, e.g. `{ BODY_LIMIT: '2kb' }`. */
  env?: Env;
  /** Boot against this database instead of a fresh one (e.g. a second app on the same data). */
  database?: TestDatabase;
  /** Behave as in embedded mode (admin@localhost bootstrap) while using the test database. */
  embedded?: boolean;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  displayName: string;
  roles: Role[];
  accessToken: string;
  refreshToken: string;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  db: TestDatabase;
  /** Set when started with `redis: true`. */
  redisPrefix?: string;
  /** Parsed JSON log lines written so far. */
  logs: Array<Record<string, unknown>>;
  http(): TestAgent;
  /** Registers a user, gives it exactly `roles` (directly in the database) and logs it in. */
  createUser(
    roles?: Role[],
    overrides?: Partial<Pick<TestUser, 'email' | 'password' | 'displayName'>>,
  ): Promise<TestUser>;
  login(email: string, password: string): Promise<AuthResponse>;
  /** Creates an API key for `user` and returns the full `ahk_…` key. */
  createApiKey(user: TestUser, name?: string): Promise<string>;
  close(): Promise<void>;
}

let userCounter = 0;

/**
 * nestjs-pino builds its pino-http instance once per process (module registry), with the
 * destination of the first app. So every app of a test file logs into this one sink, which
 * hands lines to the app created last.
 */
let currentLogs: Array<Record<string, unknown>> = [];
const logSink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) currentLogs.push(JSON.parse(line) as Record<string, unknown>);
    }
    done();
  },
});

/**
 * Boots the real HTTP application (same module graph and middleware as `main.ts`) on a fresh
 * database with migrations applied. Every integration spec of every module starts here.
 */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownsDatabase = !options.database;
  const db = options.database ?? (await createTestDatabase());
  let redisPrefix: string | undefined;
  if (options.redis) {
    if (!(await redisAvailable())) throw new Error(`Redis at ${TEST_REDIS_URL} is not reachable`);
    redisPrefix = uniqueRedisPrefix();
  }

  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    MASTER_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'info',
    WEB_DIST_DIR: `/nonexistent-${randomBytes(4).toString('hex')}`,
    DATA_DIR: `/tmp/agenthub-test-${randomBytes(4).toString('hex')}`,
    DATABASE_POOL_MAX: '4',
    ...(redisPrefix ? { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: redisPrefix } : {}),
    ...options.env,
  };
  const settings = parseSettings(env);
  const config = new AppConfig(
    settings,
    {
      databaseUrl: settings.databaseUrl!,
      masterKey: settings.masterKey!,
      embedded: options.embedded ?? false,
    },
    { ...process.env, ...env },
  );

  const logs: Array<Record<string, unknown>> = [];
  currentLogs = logs;

  let app: NestExpressApplication;
  try {
    app = await createApp({ config, logDestination: logSink });
    await app.init();
  } catch (err) {
    if (ownsDatabase) await db.drop();
    throw err;
  }

  const http = () => request(app.getHttpServer());
  const login = async (email: string, password: string): Promise<AuthResponse> => {
    const res = await http().post('/api/auth/login').send({ email, password });
    if (res.status !== 200)
      throw new Error(`login ${email} failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AuthResponse;
  };

  return {
    app,
    config,
    db,
    redisPrefix,
    logs,
    http,
    login,
    async createUser(roles = ['user'], overrides = {}) {
      userCounter += 1;
      const email = overrides.email ?? `user${userCounter}-${randomBytes(3).toString('hex')}@example.test`;
      const password = overrides.password ?? `pw-${randomBytes(6).toString('hex')}`;
      const displayName = overrides.displayName ?? `User ${userCounter}`;
      const res = await http().post('/api/auth/register').send({ email, password, displayName });
      if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
      const id = (res.body as AuthResponse).user.id;
      await db.query('UPDATE users SET roles = $2 WHERE id = $1', [id, roles]);
      const session = await login(email, password);
      return {
        id,
        email,
        password,
        displayName,
        roles,
        accessToken: session.accessToken,
        refreshToken: session.refreshToken,
      };
    },
    async createApiKey(user, name = 'test key') {
      const res = await http()
        .post('/api/me/api-keys')
        .set('Authorization', bearer(user.accessToken))
        .send({ name });
      if (res.status !== 201)
        throw new Error(`API key creation failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { key: string }).key;
    },
    async close() {
      await app.close();
      if (ownsDatabase) await db.drop();
      if (redisPrefix) await deleteRedisKeys(redisPrefix);
    },
  };
}

/** `Authorization` header value for a token or API key. */
export const bearer = (token: string): string => `Bearer ${token}`;
