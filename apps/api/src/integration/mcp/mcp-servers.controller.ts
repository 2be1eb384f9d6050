import { Controller, Delete, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type CreateMcpServerRequest,
  createMcpServerRequestSchema,
  type McpRefreshResult,
  mcpRefreshResultSchema,
  type McpServer,
  mcpServerPageSchema,
  type McpServerQuery,
  mcpServerQuerySchema,
  mcpServerSchema,
  type McpServerStats,
  mcpServerStatsSchema,
  type Page,
  type UpdateMcpServerRequest,
  updateMcpServerRequestSchema,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../../common/zod.decorators.js';
import { McpServerService } from './mcp-server.service.js';
import { McpStatsService } from './mcp-stats.service.js';

@ApiTags('integration')
@ApiErrors(401)
@Controller('mcp-servers')
export class McpServersController {
  constructor(
    private readonly servers: McpServerService,
    private readonly statistics: McpStatsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'MCP servers you can use: platform ones and your own (admins: all). Header values masked.',
  })
  @ZodResponse(200, mcpServerPageSchema)
  @ApiErrors(400)
  list(
    @CurrentUser() user: AuthUser,
    @ZodQuery(mcpServerQuerySchema) query: McpServerQuery,
  ): Promise<Page<McpServer>> {
    return this.servers.list(user, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One MCP server' })
  @ZodResponse(200, mcpServerSchema)
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<McpServer> {
    return this.servers.get(user, id);
  }

  @Post()
  @Roles('developer', 'admin')
  @ApiOperation({
    summary:
      'Register an MCP server (admins: platform, developers: personal); private URLs → 400 ssrf_blocked',
  })
  @ZodResponse(201, mcpServerSchema)
  @ApiErrors(400, 403, 409)
  create(
    @CurrentUser() user: AuthUser,
    @ZodBody(createMcpServerRequestSchema) body: CreateMcpServerRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<McpServer> {
    return this.servers.create(user, body, meta);
  }

  @Patch(':id')
  @Roles('developer', 'admin')
  @ApiOperation({ summary: 'Update an MCP server; masked header values sent back keep the stored ones' })
  @ZodResponse(200, mcpServerSchema)
  @ApiErrors(400, 403, 404, 409)
  update(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(updateMcpServerRequestSchema) body: UpdateMcpServerRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<McpServer> {
    return this.servers.update(user, id, body, meta);
  }

  @Delete(':id')
  @Roles('developer', 'admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an MCP server and its tools' })
  @ZodResponse(204, null, 'Deleted')
  @ApiErrors(400, 403, 404)
  remove(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<void> {
    return this.servers.remove(user, id, meta);
  }

  @Post(':id/refresh')
  @Roles('developer', 'admin')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Connect and list the server’s tools into the tool catalogue (replaces the previous list)',
  })
  @ZodResponse(200, mcpRefreshResultSchema)
  @ApiErrors(400, 403, 404, 422)
  refresh(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ReqMeta() meta: RequestMeta,
  ): Promise<McpRefreshResult> {
    return this.servers.refresh(user, id, meta);
  }

  @Post(':id/health')
  @Roles('developer', 'admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check the server now and record status, lastHealthCheck and lastError' })
  @ZodResponse(200, mcpServerSchema)
  @ApiErrors(400, 403, 404)
  health(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<McpServer> {
    return this.servers.health(user, id);
  }

  @Get(':id/stats')
  @Roles('developer', 'admin')
  @ApiOperation({
    summary:
      'Health history (the last 50 checks with latency) and call statistics per tool (calls, errors, p50)',
  })
  @ZodResponse(200, mcpServerStatsSchema)
  @ApiErrors(400, 403, 404)
  stats(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<McpServerStats> {
    return this.statistics.stats(user, id);
  }
}
