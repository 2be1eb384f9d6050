import { Controller, Delete, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { ApiErrors, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { McpErrorFilter } from './mcp-error.filter.js';
import { McpServerService } from './mcp-server.service.js';

const slugSchema = z.string().min(1).max(200);
const sessionQuerySchema = z.object({ sessionId: z.uuid() });

const JSON_RPC_BODY = {
  description:
    'A JSON-RPC 2.0 message of the Model Context Protocol (initialize, tools/list, tools/call, notifications…)',
  schema: {
    type: 'object',
    additionalProperties: true,
    example: { jsonrpc: '2.0', id: 1, method: 'tools/list' },
  },
};

function onlyPost(): never {
  throw new DomainError(
    405,
    'method_not_allowed',
    'This MCP endpoint is stateless: POST JSON-RPC messages to it (no standalone stream, no session to delete)',
    undefined,
    { Allow: 'POST' },
  );
}

/**
 * AgentHub as an MCP server (unprefixed `/mcp`, `Authorization: Bearer <API key>`): every agent
 * in the caller's library is a tool. Streamable HTTP (stateless) at `/mcp` and `/mcp/agents/:slug`
 * (one agent); the legacy SSE transport at `/mcp/sse` and `/mcp/agents/:slug/sse`, whose messages
 * go to `/mcp/messages?sessionId=`.
 */
@ApiTags('mcp')
@ApiErrors(401)
@UseFilters(McpErrorFilter)
@Controller('mcp')
export class McpServerController {
  constructor(private readonly mcp: McpServerService) {}

  @Post()
  @ApiOperation({
    summary:
      'MCP streamable HTTP (stateless): tools = the agents in my library; tools/call runs one as a chat turn ' +
      '(progress notifications while tokens arrive when the request has a progressToken)',
  })
  @ApiBody(JSON_RPC_BODY)
  @ApiProduces('application/json', 'text/event-stream')
  @ZodResponse(200, null, 'JSON-RPC response (JSON or an SSE stream of messages)')
  @ApiErrors(400, 406)
  streamable(@CurrentUser() user: AuthUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    return this.mcp.handleStreamable(user, undefined, req, res);
  }

  @Get()
  @ApiOperation({ summary: 'Not offered (stateless server): 405' })
  @ApiErrors(405)
  streamableGet(): never {
    return onlyPost();
  }

  @Delete()
  @ApiOperation({ summary: 'Not offered (stateless server, no sessions): 405' })
  @ApiErrors(405)
  streamableDelete(): never {
    return onlyPost();
  }

  @Get('sse')
  @ApiOperation({
    summary:
      'Legacy MCP SSE transport: opens the event stream; its first `endpoint` event names ' +
      '/mcp/messages?sessionId=… to POST messages to',
  })
  @ApiProduces('text/event-stream')
  @ZodResponse(200, null, 'text/event-stream of JSON-RPC messages')
  sse(@CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    return this.mcp.openSse(user, undefined, res);
  }

  @Post('messages')
  @ApiOperation({ summary: 'Legacy MCP SSE transport: a message for an open session of mine (202)' })
  @ApiQuery({ name: 'sessionId', required: true })
  @ApiBody(JSON_RPC_BODY)
  @ZodResponse(202, null, 'Accepted; the answer arrives on the SSE stream')
  @ApiErrors(400, 404)
  messages(
    @CurrentUser() user: AuthUser,
    @ZodQuery(sessionQuerySchema) query: z.infer<typeof sessionQuerySchema>,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.mcp.postSseMessage(user, query.sessionId, req, res);
  }

  @Post('agents/:slug')
  @ApiOperation({ summary: 'MCP streamable HTTP exposing one agent of my library (404 if not installed)' })
  @ApiParam({ name: 'slug' })
  @ApiBody(JSON_RPC_BODY)
  @ApiProduces('application/json', 'text/event-stream')
  @ZodResponse(200, null, 'JSON-RPC response (JSON or an SSE stream of messages)')
  @ApiErrors(400, 404, 406)
  agent(
    @CurrentUser() user: AuthUser,
    @ZodParam('slug', slugSchema) slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.mcp.handleStreamable(user, slug, req, res);
  }

  @Get('agents/:slug')
  @ApiOperation({ summary: 'Not offered (stateless server): 405' })
  @ApiErrors(405)
  agentGet(): never {
    return onlyPost();
  }

  @Get('agents/:slug/sse')
  @ApiOperation({
    summary: 'Legacy MCP SSE transport exposing one agent of my library (404 if not installed)',
  })
  @ApiParam({ name: 'slug' })
  @ApiProduces('text/event-stream')
  @ZodResponse(200, null, 'text/event-stream of JSON-RPC messages')
  @ApiErrors(404)
  agentSse(
    @CurrentUser() user: AuthUser,
    @ZodParam('slug', slugSchema) slug: string,
    @Res() res: Response,
  ): Promise<void> {
    return this.mcp.openSse(user, slug, res);
  }
}
