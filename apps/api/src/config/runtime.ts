import { pino } from 'pino';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { logDestinationFor } from '../observability/log-format.util.js';
import type { EmbeddedPostgresHandle } from '../database/embedded-postgres.js';
import { AppConfig } from './app-config.js';
import { type AppSettings, ConfigError, decodeMasterKey, type Env, parseSettings } from './config.schema.js';
import { ensureMasterKey } from './data-dir.js';
import { featureEnvProblems } from './env-catalogue.js';

export interface Runtime {
  config: AppConfig;
  embedded?: EmbeddedPostgresHandle;
  log: pino.Logger;
}

/**
 * Validates the environment and, when DATABASE_URL is unset, starts the embedded PostgreSQL
 * and loads (or creates) DATA_DIR/master.key. Exits with every configuration problem listed.
 */
export async function resolveRuntime(env: Env, options: { allowEmbedded: boolean }): Promise<Runtime> {
  let settings: AppSettings;
  try {
    // Core and feature variables are checked together so one boot lists every problem.
    const featureProblems = featureEnvProblems(env);
    try {
      settings = parseSettings(env);
    } catch (err) {
      if (err instanceof ConfigError) throw new ConfigError([...err.problems, ...featureProblems]);
      throw err;
    }
    if (featureProblems.length) throw new ConfigError(featureProblems);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const bootOptions = { level: settings.logLevel, base: { context: 'Boot' } };
  const destination = logDestinationFor(settings.logFormat);
  const log = destination ? pino(bootOptions, destination) : pino(bootOptions);

  if (settings.databaseUrl) {
    // parseSettings guarantees MASTER_KEY alongside DATABASE_URL.
    return {
      config: new AppConfig(
        settings,
        {
          databaseUrl: settings.databaseUrl,
          masterKey: settings.masterKey!,
          embedded: false,
        },
        env,
      ),
      log,
    };
  }
  if (!options.allowEmbedded) {
    process.stderr.write(
      'Invalid configuration:\n  - DATABASE_URL: required for this process (embedded mode is for the API only)\n',
    );
    process.exit(1);
  }
  log.info('DATABASE_URL is not set: embedded mode');
  const embedded = await startEmbeddedPostgres(settings.dataDir, (msg) => log.info(msg));
  const masterKey = settings.masterKey ?? decodeMasterKey(ensureMasterKey(settings.dataDir));
  if (!masterKey) {
    await embedded.stop();
    throw new Error(`${settings.dataDir}/master.key does not hold a 32-byte key`);
  }
  return {
    config: new AppConfig(settings, { databaseUrl: embedded.url, masterKey, embedded: true }, env),
    embedded,
    log,
  };
}
