import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgentVersionEntity } from '../agent/agent-version.entity.js';
import { AgentEntity } from '../agent/agent.entity.js';
import { IdentityModule } from '../identity/identity.module.js';
import { RuntimeModule } from '../runtime/runtime.module.js';
import { StoreModule } from '../store/store.module.js';
import { ChatMessageEntity } from './chat-message.entity.js';
import { ChatMessageRepository } from './chat-message.repository.js';
import { ChatRunService } from './chat-run.service.js';
import { ChatRunsController } from './chat-runs.controller.js';
import { ChatStreamService } from './chat-stream.service.js';
import { ChatEntity } from './chat.entity.js';
import { ChatRepository } from './chat.repository.js';
import { ChatUserActivityRegistration } from './chat-user-activity.registration.js';
import { ChatService } from './chat.service.js';
import { ChatsController } from './chats.controller.js';
import { OpenAiCompatController } from './openai-compat.controller.js';
import { OpenAiCompatService } from './openai-compat.service.js';
import { ChatStatsQuery } from './chat-stats.query.js';

/**
 * Chats, messages and chat runs (issue 5). Imported by the API and the worker alike: both
 * register the same run handler with the RunQueue (QueueModule, global, imported by each
 * process' root module with its role), so a run executes wherever the queue delivers it.
 * Reads agents and versions through their entities (read-only) to lock and run a version.
 * Exports ChatService (create, loadOwned) and ChatRunService (sendTurn, subscribe, cancel) so
 * other edges (the MCP server endpoint) run agents through the same chat run path. Reports
 * each user's chat count to identity's UserActivityRegistry (the admin user list).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ChatEntity, ChatMessageEntity, AgentEntity, AgentVersionEntity]),
    IdentityModule,
    RuntimeModule,
    StoreModule,
  ],
  controllers: [ChatsController, ChatRunsController, OpenAiCompatController],
  providers: [
    ChatStatsQuery,
    ChatRepository,
    ChatMessageRepository,
    ChatService,
    ChatRunService,
    ChatStreamService,
    OpenAiCompatService,
    ChatUserActivityRegistration,
  ],
  // For the MCP server endpoint (mcp-server/): chats and their turns, through the same run path.
  // ChatStatsQuery: aggregates for the agent analytics.
  exports: [ChatService, ChatRunService, ChatStatsQuery],
})
export class ChatModule {}
