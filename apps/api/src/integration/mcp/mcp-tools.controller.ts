import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type McpTool,
  mcpToolPageSchema,
  type McpToolQuery,
  mcpToolQuerySchema,
  type Page,
} from '@agenthub/contracts';
import { type AuthUser, CurrentUser } from '../../common/auth.decorators.js';
import { ApiErrors, ZodQuery, ZodResponse } from '../../common/zod.decorators.js';
import { McpServerService } from './mcp-server.service.js';

@ApiTags('integration')
@ApiErrors(401)
@Controller('mcp-tools')
export class McpToolsController {
  constructor(private readonly servers: McpServerService) {}

  @Get()
  @ApiOperation({
    summary: 'Search the tools of the MCP servers you can use (q: name/description; server: id or name)',
  })
  @ZodResponse(200, mcpToolPageSchema)
  @ApiErrors(400)
  list(
    @CurrentUser() user: AuthUser,
    @ZodQuery(mcpToolQuerySchema) query: McpToolQuery,
  ): Promise<Page<McpTool>> {
    return this.servers.listTools(user, query);
  }
}
