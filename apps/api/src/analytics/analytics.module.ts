import { Module } from '@nestjs/common';
import { AgentModule } from '../agent/agent.module.js';
import { ChatModule } from '../chat/chat.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { StoreModule } from '../store/store.module.js';
import { AgentAnalyticsController } from './agent-analytics.controller.js';
import { AgentAnalyticsService } from './agent-analytics.service.js';

/**
 * Agent analytics (`GET /api/agents/:id/analytics`). Its own module because it reads the
 * aggregates of four others (agent for ownership, runtime, chat, store) and none of them may
 * depend on all the rest.
 */
@Module({
  imports: [AgentModule, RuntimeModule, ChatModule, StoreModule],
  controllers: [AgentAnalyticsController],
  providers: [AgentAnalyticsService],
})
export class AnalyticsModule {}
