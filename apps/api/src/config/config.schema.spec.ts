import { ConfigError, decodeMasterKey, ENV_VARS, parseSettings } from './config.schema';
import { allEnvVars, envVarsMarkdownTable, featureEnvProblems } from './env-catalogue';

const KEY_B64 = Buffer.alloc(32, 7).toString('base64');

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    parseSettings(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseSettings', () => {
  it('starts in embedded mode with documented defaults and no environment at all', () => {
    const s = parseSettings({});
    expect(s).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      redisUrl: undefined,
      masterKey: undefined,
      jwtAccessTtlSec: 15 * 60,
      jwtRefreshTtlSec: 30 * 86400,
      bodyLimit: '1mb',
      queueMode: 'inline',
      allowPrivateNetwork: false,
      trustProxy: false,
      loginRateLimit: { windowSec: 900, perAccount: 10, perIp: 50 },
    });
    expect(s.dataDir).toMatch(/\/\.data$/);
    expect(s.webDistDir).toMatch(/apps\/web\/dist$/);
  });

  it('lists every problem at once, each naming its variable', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      DATABASE_URL: 'mysql://db/x',
      JWT_ACCESS_TTL: 'forever',
      BODY_LIMIT: 'huge',
      QUEUE_MODE: 'bullmq',
      LOG_LEVEL: 'loud',
      ADMIN_EMAIL: 'root@example.test',
    });
    const names = problems.map((p) => p.split(':')[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'PORT',
        'DATABASE_URL',
        'JWT_ACCESS_TTL',
        'BODY_LIMIT',
        'LOG_LEVEL',
        'MASTER_KEY',
        'QUEUE_MODE',
        'ADMIN_EMAIL / ADMIN_PASSWORD',
      ]),
    );
    expect(problems).toHaveLength(8);
    const message = new ConfigError(problems).message;
    expect(message).toContain('8 problems');
    expect(message).toContain('QUEUE_MODE: bullmq needs REDIS_URL');
  });

  it('requires MASTER_KEY with DATABASE_URL and accepts base64 or hex, 32 bytes only', () => {
    expect(problemsOf({ DATABASE_URL: 'postgres://h/db' })).toEqual([
      expect.stringMatching(/^MASTER_KEY: required when DATABASE_URL is set/),
    ]);
    expect(
      problemsOf({ DATABASE_URL: 'postgres://h/db', MASTER_KEY: Buffer.alloc(16).toString('base64') }),
    ).toEqual([expect.stringMatching(/^MASTER_KEY: must be 32 bytes/)]);
    expect(parseSettings({ DATABASE_URL: 'postgres://h/db', MASTER_KEY: KEY_B64 }).masterKey).toEqual(
      Buffer.alloc(32, 7),
    );
    expect(parseSettings({ DATABASE_URL: 'postgres://h/db', MASTER_KEY: 'ab'.repeat(32) }).masterKey).toEqual(
      Buffer.alloc(32, 0xab),
    );
  });

  it('treats empty strings as unset (docker-compose passes FOO= for blanks)', () => {
    const s = parseSettings({ PORT: '', REDIS_URL: '', LOG_LEVEL: ' ' });
    expect(s.port).toBe(3000);
    expect(s.redisUrl).toBeUndefined();
    expect(s.logLevel).toBe('info');
  });

  it('parses typed values', () => {
    const s = parseSettings({
      PORT: '8080',
      REDIS_URL: 'redis://cache:6379',
      QUEUE_MODE: 'bullmq',
      ALLOW_PRIVATE_NETWORK: 'yes',
      TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
      JWT_ACCESS_TTL: '90s',
      SHUTDOWN_TIMEOUT: '30',
      DATA_DIR: '/var/lib/agenthub',
      ADMIN_EMAIL: 'Admin@LOCALHOST',
      ADMIN_PASSWORD: 'long-enough',
    });
    expect(s).toMatchObject({
      port: 8080,
      queueMode: 'bullmq',
      allowPrivateNetwork: true,
      trustProxy: ['10.0.0.0/8', '127.0.0.1'],
      jwtAccessTtlSec: 90,
      shutdownTimeoutMs: 30000,
      dataDir: '/var/lib/agenthub',
      admin: { email: 'admin@localhost', password: 'long-enough' },
    });
    expect(parseSettings({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('documents every variable it reads, with a description', () => {
    const names = ENV_VARS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const v of ENV_VARS) expect(v.description.length).toBeGreaterThan(10);
    expect(names).toEqual(
      expect.arrayContaining([
        'DATABASE_URL',
        'REDIS_URL',
        'MASTER_KEY',
        'BODY_LIMIT',
        'WEB_DIST_DIR',
        'QUEUE_MODE',
      ]),
    );
  });
});

describe('decodeMasterKey', () => {
  it('accepts base64url too and rejects garbage', () => {
    expect(decodeMasterKey(Buffer.alloc(32, 255).toString('base64url'))).toEqual(Buffer.alloc(32, 255));
    expect(decodeMasterKey('not a key!')).toBeNull();
  });
});

describe('envVarsMarkdownTable', () => {
  it('has one row per variable with its default', () => {
    const table = envVarsMarkdownTable().split('\n');
    expect(table).toHaveLength(allEnvVars().length + 2);
    expect(table).toContain('| `BODY_LIMIT` | `1mb` | Largest accepted request body; larger ones get 413. |');
  });
});

describe('feature module variables', () => {
  it('are documented next to the core ones, each once', () => {
    const names = allEnvVars().map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of [
      'RUN_TIMEOUT_MS',
      'RUN_CONCURRENCY',
      'AUTO_APPROVE',
      'SEED_DEMO',
      'MASTER_KEY_NEXT',
      'MCP_HEALTH_INTERVAL_MS',
    ])
      expect(names).toContain(name);
  });

  it('are validated together, every problem listed', () => {
    const problems = featureEnvProblems({
      RUN_TIMEOUT_MS: 'soon',
      AUTO_APPROVE: 'maybe',
      MASTER_KEY_NEXT: 'not-a-key',
      MCP_HEALTH_INTERVAL_MS: '-1',
    });
    const text = problems.join('\n');
    expect(text).toMatch(/RUN_TIMEOUT_MS/);
    expect(text).toMatch(/AUTO_APPROVE/);
    expect(text).toMatch(/MASTER_KEY_NEXT/);
    expect(text).toMatch(/MCP_HEALTH_INTERVAL_MS/);
    expect(text).not.toContain('not-a-key');
    expect(featureEnvProblems({})).toEqual([]);
  });
});
