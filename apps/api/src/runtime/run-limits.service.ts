import { Inject, Injectable } from '@nestjs/common';
import type { LimitsConfig, ServiceDependencies } from '@agenthub/contracts';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { RUN_LIMITS_SETTINGS, type RunLimitsSettings } from './run-limits.settings.js';
import { modelServiceRefs, nodeTypeNames, secondsUntilUtcMidnight } from './run-limits.rules.js';

/** Start of the current UTC day, as SQL. */
const UTC_DAY_START_SQL = `date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`;

interface LimitedConfigRow {
  id: string;
  name: string;
  is_default: boolean;
  limits_config: LimitsConfig;
}

function quotaExceeded(message: string): DomainError {
  return new DomainError(429, 'quota_exceeded', message, undefined, {
    'Retry-After': String(secondsUntilUtcMidnight(new Date())),
  });
}

/**
 * The one place run limits are checked, before a run starts (chat turns, regenerations,
 * resume/retry, `/v1` completions, draft test runs), all counted from recorded runs and steps in
 * Postgres, so they hold across API replicas without shared memory:
 *
 * - per user: the daily token quota (429 `quota_exceeded`) and the run rate (429 `rate_limited`);
 * - per service config (`limits_config`), over **all** users: `tokensPerDay` (UTC day, 429
 *   `quota_exceeded`) and `requestsPerMinute` (model-node steps that used the config in the last
 *   minute, 429 `rate_limited`), for every config the version's model nodes will use.
 *   Steps record their config when the node ends, so requests still in flight are not counted yet.
 */
@Injectable()
export class RunLimitsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(RUN_LIMITS_SETTINGS) private readonly settings: RunLimitsSettings,
  ) {}

  /** `agentVersionId`: the version the run will execute, whose service configs' limits apply. */
  async assertCanStartRun(userId: string, agentVersionId?: string | null): Promise<void> {
    await this.assertUserLimits(userId);
    if (agentVersionId) await this.assertServiceConfigLimits(agentVersionId);
  }

  private async assertUserLimits(userId: string): Promise<void> {
    const { dailyTokenQuota, runsPerMinute } = this.settings;
    if (runsPerMinute > 0) {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM workflow_executions
          WHERE user_id = $1 AND kind IN ('chat', 'test') AND created_at > now() - interval '1 minute'`,
        [userId],
      )) as Array<{ n: number }>;
      if ((row?.n ?? 0) >= runsPerMinute)
        throw DomainError.rateLimited(60, `At most ${runsPerMinute} runs per minute; try again shortly`);
    }
    if (dailyTokenQuota > 0) {
      const [row] = (await this.dataSource.query(
        `SELECT coalesce(sum(prompt_tokens + completion_tokens), 0)::bigint AS used FROM workflow_executions
          WHERE user_id = $1 AND kind IN ('chat', 'test') AND created_at >= ${UTC_DAY_START_SQL}`,
        [userId],
      )) as Array<{ used: string }>;
      if (Number(row?.used ?? 0) >= dailyTokenQuota)
        throw quotaExceeded(`Daily token quota of ${dailyTokenQuota} tokens used up; it resets at 00:00 UTC`);
    }
  }

  /**
   * Cheap when no config has limits (one small query). Otherwise the version's model nodes are
   * mapped to configs like the run service resolves them (own `services.llm` → the version's
   * service dependency → the platform default llm config).
   */
  private async assertServiceConfigLimits(agentVersionId: string): Promise<void> {
    const limited = (await this.dataSource.query(
      `SELECT id, name, is_default, limits_config FROM service_configs
        WHERE service_type = 'llm'
          AND (limits_config->>'requestsPerMinute' IS NOT NULL OR limits_config->>'tokensPerDay' IS NOT NULL)`,
    )) as LimitedConfigRow[];
    if (limited.length === 0) return;
    const [version] = (await this.dataSource.query(
      `SELECT resolved_definition, service_dependencies FROM agent_versions WHERE id = $1`,
      [agentVersionId],
    )) as Array<{ resolved_definition: unknown; service_dependencies: ServiceDependencies | null }>;
    if (!version) return;
    const types = nodeTypeNames(version.resolved_definition);
    const kinds = new Map(
      (
        (await this.dataSource.query(`SELECT type_name, kind FROM node_types WHERE type_name = ANY($1)`, [
          types,
        ])) as Array<{ type_name: string; kind: string }>
      ).map((r) => [r.type_name, r.kind]),
    );
    const refs = modelServiceRefs(version.resolved_definition, version.service_dependencies, (t) =>
      kinds.get(t),
    );
    for (const config of limited) {
      if (refs.configIds.includes(config.id) || (refs.usesDefault && config.is_default))
        await this.assertConfigWithinLimits(config);
    }
  }

  /** Messages name the config (never its settings or secrets). */
  private async assertConfigWithinLimits(config: LimitedConfigRow): Promise<void> {
    const { requestsPerMinute, tokensPerDay } = config.limits_config;
    if (requestsPerMinute) {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS n,
                extract(epoch FROM min(started_at) + interval '1 minute' - now())::float AS wait
           FROM workflow_execution_steps
          WHERE service_config_id = $1 AND started_at > now() - interval '1 minute'`,
        [config.id],
      )) as Array<{ n: number; wait: number | null }>;
      if ((row?.n ?? 0) >= requestsPerMinute)
        throw DomainError.rateLimited(
          Math.min(60, row?.wait ?? 60),
          `The service config "${config.name}" this agent uses allows ${requestsPerMinute} model request(s) per minute; try again shortly`,
        );
    }
    if (tokensPerDay) {
      const [row] = (await this.dataSource.query(
        `SELECT coalesce(sum(prompt_tokens + completion_tokens), 0)::bigint AS used
           FROM workflow_execution_steps
          WHERE service_config_id = $1 AND started_at >= ${UTC_DAY_START_SQL}`,
        [config.id],
      )) as Array<{ used: string }>;
      if (Number(row?.used ?? 0) >= tokensPerDay)
        throw quotaExceeded(
          `The service config "${config.name}" this agent uses has spent its ${tokensPerDay} tokens for today (all users); it resets at 00:00 UTC`,
        );
    }
  }
}
