import { hkdfSync } from 'node:crypto';
import type { AppSettings, Env } from './config.schema.js';

export interface ResolvedDatabase {
  databaseUrl: string;
  masterKey: Buffer;
  /** True when the database is the embedded PostgreSQL started by this process. */
  embedded: boolean;
}

/**
 * The typed configuration every module injects. Built once at boot from validated settings plus
 * what the embedded mode resolved (database URL, master key), so nothing downstream deals with
 * "maybe unset" values.
 */
export class AppConfig implements Omit<AppSettings, 'databaseUrl' | 'masterKey'> {
  readonly nodeEnv!: AppSettings['nodeEnv'];
  readonly port!: number;
  readonly host!: string;
  readonly databasePoolMax!: number;
  readonly databaseMigrateOnBoot!: boolean;
  readonly redisUrl!: string | undefined;
  readonly redisKeyPrefix!: string;
  readonly jwtSecret!: string | undefined;
  readonly jwtAccessTtlSec!: number;
  readonly jwtRefreshTtlSec!: number;
  readonly admin!: AppSettings['admin'];
  readonly bodyLimit!: string;
  readonly logLevel!: AppSettings['logLevel'];
  readonly logFormat!: AppSettings['logFormat'];
  readonly metricsToken!: string | undefined;
  readonly webDistDir!: string;
  readonly dataDir!: string;
  readonly queueMode!: AppSettings['queueMode'];
  readonly allowPrivateNetwork!: boolean;
  readonly outboundAllowHosts!: string[];
  readonly loginRateLimit!: AppSettings['loginRateLimit'];
  readonly trustProxy!: AppSettings['trustProxy'];
  readonly shutdownTimeoutMs!: number;
  readonly httpTimeouts!: AppSettings['httpTimeouts'];

  readonly databaseUrl: string;
  readonly masterKey: Buffer;
  readonly embedded: boolean;
  /** HS256 key for access tokens: JWT_SECRET if given, else derived from MASTER_KEY (HKDF-SHA256). */
  readonly jwtSigningKey: Buffer;
  /**
   * The environment these settings came from. Feature modules parse their own variables
   * (env-catalogue.ts) from it rather than from `process.env`, so one process can hold apps with
   * different settings (tests pass `createTestApp({ env })`).
   */
  readonly env: Readonly<Env>;

  constructor(settings: AppSettings, db: ResolvedDatabase, env: Env = process.env) {
    const { databaseUrl: _url, masterKey: _key, ...rest } = settings;
    Object.assign(this, rest);
    this.databaseUrl = db.databaseUrl;
    this.masterKey = db.masterKey;
    this.embedded = db.embedded;
    this.env = env;
    this.jwtSigningKey = settings.jwtSecret
      ? Buffer.from(settings.jwtSecret, 'utf8')
      : Buffer.from(hkdfSync('sha256', db.masterKey, 'agenthub', 'jwt-signing-key-v1', 32));
  }
}
