import { Injectable } from '@nestjs/common';
import type { McpServerStats } from '@agenthub/contracts';
import type { AuthUser } from '../../common/auth.decorators.js';
import { assertCanView } from '../ownership.rules.js';
import { McpHistoryRepository } from './mcp-history.repository.js';
import { McpServerRepository } from './mcp-server.repository.js';

/** A server's health history and per-tool call statistics, for whoever may manage it. */
@Injectable()
export class McpStatsService {
  constructor(
    private readonly servers: McpServerRepository,
    private readonly history: McpHistoryRepository,
  ) {}

  async stats(user: AuthUser, id: string): Promise<McpServerStats> {
    const s = await this.servers.findById(id);
    assertCanView(s, user, 'MCP server');
    const [healthChecks, tools] = await Promise.all([
      this.history.healthChecks(s.id),
      this.history.toolStats(s.id),
    ]);
    return { healthChecks, tools };
  }
}
