import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { CHAT_SETTINGS, type ChatSettings } from './chat-settings.js';

/**
 * Per-user limits checked before a chat run starts: the daily token quota (429 `quota_exceeded`)
 * and the run rate (429 `rate_limited`). Both count recorded runs in Postgres, so they hold
 * across API replicas without shared memory.
 */
@Injectable()
export class ChatLimitsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(CHAT_SETTINGS) private readonly settings: ChatSettings,
  ) {}

  async assertCanStartRun(userId: string): Promise<void> {
    const { dailyTokenQuota, runsPerMinute } = this.settings;
    if (runsPerMinute > 0) {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS n FROM workflow_executions
          WHERE user_id = $1 AND kind = 'chat' AND created_at > now() - interval '1 minute'`,
        [userId],
      )) as Array<{ n: number }>;
      if ((row?.n ?? 0) >= runsPerMinute)
        throw DomainError.rateLimited(60, `At most ${runsPerMinute} chat runs per minute; try again shortly`);
    }
    if (dailyTokenQuota > 0) {
      const [row] = (await this.dataSource.query(
        `SELECT coalesce(sum(prompt_tokens + completion_tokens), 0)::bigint AS used FROM workflow_executions
          WHERE user_id = $1 AND kind = 'chat' AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`,
        [userId],
      )) as Array<{ used: string }>;
      if (Number(row?.used ?? 0) >= dailyTokenQuota) {
        const now = new Date();
        const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
        throw new DomainError(
          429,
          'quota_exceeded',
          `Daily token quota of ${dailyTokenQuota} tokens used up; it resets at 00:00 UTC`,
          undefined,
          { 'Retry-After': String(Math.max(1, Math.ceil((midnight - now.getTime()) / 1000))) },
        );
      }
    }
  }
}
