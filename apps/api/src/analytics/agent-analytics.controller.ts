import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type AgentAnalytics,
  type AgentAnalyticsQuery,
  agentAnalyticsQuerySchema,
  agentAnalyticsSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { AgentAnalyticsService } from './agent-analytics.service.js';

/** Developer analytics: the agent's owner or an admin; others' agents are 404, role `user` 403. */
@ApiTags('agents')
@Roles('developer', 'admin')
@ApiErrors(401, 403)
@Controller('agents')
export class AgentAnalyticsController {
  constructor(private readonly analytics: AgentAnalyticsService) {}

  @Get(':id/analytics')
  @ApiOperation({
    summary: 'Use of the agent per UTC day and in total (chat runs, chats, installs, ratings)',
  })
  @ZodResponse(200, agentAnalyticsSchema)
  @ApiErrors(400, 404)
  get(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodQuery(agentAnalyticsQuerySchema) query: AgentAnalyticsQuery,
  ): Promise<AgentAnalytics> {
    return this.analytics.get(user, id, query);
  }
}
