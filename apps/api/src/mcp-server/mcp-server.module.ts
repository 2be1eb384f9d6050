import { Module } from '@nestjs/common';
import { ChatModule } from '../chat/chat.module.js';
import { StoreModule } from '../store/store.module.js';
import { McpAgentToolsService } from './mcp-agent-tools.service.js';
import { McpServerController } from './mcp-server.controller.js';
import { McpServerService } from './mcp-server.service.js';

/**
 * AgentHub as an MCP server (issue 14): the caller's installed agents as MCP tools at `/mcp`.
 * The MCP *client* side (agents calling external MCP servers) is `integration/`, not this.
 * Reaches other modules only through their exports: StoreService (`callableAgents`) for the
 * tools, ChatService and ChatRunService (`sendTurn`, `subscribe`, `cancel`) for the runs.
 * HTTP app only: the worker has no MCP endpoint.
 */
@Module({
  imports: [StoreModule, ChatModule],
  controllers: [McpServerController],
  providers: [McpAgentToolsService, McpServerService],
})
export class McpServerModule {}
