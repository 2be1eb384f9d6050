import { AGENT_ENV_VARS, validateAgentEnv } from '../agent/agent.settings.js';
import { parseHealthInterval } from '../integration/mcp/mcp-health.scheduler.js';
import { INTEGRATION_ENV_VARS, validateRotationEnv } from '../integration/secrets/keyring.factory.js';
import { parseWorkerHttpSettings, WORKER_HTTP_ENV_VARS } from '../observability/worker-http.settings.js';
import { QUEUE_ENV_VARS, parseQueueSettings } from '../queue/queue-settings.js';
import { parseRunLimitsSettings, RUN_LIMITS_ENV_VARS } from '../runtime/run-limits.settings.js';
import { RUNTIME_ENV_VARS, parseRuntimeSettings } from '../runtime/runtime-settings.js';
import { HEARTBEAT_ENV_VARS, parseHeartbeatSettings } from '../system/heartbeat.settings.js';
import { ConfigError, ENV_VARS, type Env, type EnvVarSpec } from './config.schema.js';

/**
 * Every environment variable of the API and the worker: the core ones (config.schema.ts) and
 * those a feature module owns next to the code that reads them. Boot validates them all at once
 * and the README configuration table is generated from this list, so neither can drift.
 */
const FEATURES: ReadonlyArray<{ vars: readonly EnvVarSpec[]; validate: (env: Env) => unknown }> = [
  { vars: RUNTIME_ENV_VARS, validate: parseRuntimeSettings },
  { vars: QUEUE_ENV_VARS, validate: parseQueueSettings },
  { vars: AGENT_ENV_VARS, validate: validateAgentEnv },
  { vars: RUN_LIMITS_ENV_VARS, validate: parseRunLimitsSettings },
  { vars: INTEGRATION_ENV_VARS, validate: validateRotationEnv },
  { vars: WORKER_HTTP_ENV_VARS, validate: parseWorkerHttpSettings },
  { vars: HEARTBEAT_ENV_VARS, validate: parseHeartbeatSettings },
  { vars: [], validate: (env) => parseHealthInterval(env.MCP_HEALTH_INTERVAL_MS) },
];

/** Core variables first, then each feature's; a variable shared by two features is listed once. */
export function allEnvVars(): EnvVarSpec[] {
  const seen = new Set<string>();
  return [...ENV_VARS, ...FEATURES.flatMap((f) => f.vars)].filter(
    (v) => !seen.has(v.name) && !!seen.add(v.name),
  );
}

/** Problems in the feature modules' variables (the core ones are checked by parseSettings). */
export function featureEnvProblems(env: Env): string[] {
  const problems: string[] = [];
  for (const feature of FEATURES) {
    try {
      feature.validate(env);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else problems.push(...String((err as Error).message).split('\n'));
    }
  }
  // RUN_TIMEOUT_MS is read by both the runtime and the queue: report it once.
  return [...new Set(problems)];
}

/** The README configuration table (scripts/config-table.mjs writes it). */
export function envVarsMarkdownTable(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const rows = allEnvVars().map(
    (v) =>
      `| \`${v.name}\` | ${v.default === undefined ? '—' : `\`${v.default}\``} | ${escape(v.description)} |`,
  );
  return ['| Variable | Default | Meaning |', '|---|---|---|', ...rows].join('\n');
}
