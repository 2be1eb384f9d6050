import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type HeartbeatRequest,
  heartbeatRequestSchema,
  type Page,
  type RuntimeInstance,
  runtimeInstancePageSchema,
  type RuntimeInstanceQuery,
  runtimeInstanceQuerySchema,
  runtimeInstanceSchema,
} from '@agenthub/contracts';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors, ZodBody, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { RuntimeInstanceService } from './runtime-instance.service.js';

@ApiTags('runtime-instances')
@Roles('developer', 'admin')
@ApiErrors(401, 403)
@Controller('runtime-instances')
export class RuntimeInstancesController {
  constructor(private readonly instances: RuntimeInstanceService) {}

  @Post('heartbeat')
  @HttpCode(200)
  @ApiOperation({ summary: 'Heartbeat of an `agenthub serve` runtime (API key of a developer or admin)' })
  @ZodResponse(200, runtimeInstanceSchema)
  @ApiErrors(400)
  heartbeat(
    @CurrentUser() user: AuthUser,
    @ZodBody(heartbeatRequestSchema) body: HeartbeatRequest,
  ): Promise<RuntimeInstance> {
    return this.instances.heartbeat(user, body);
  }

  @Get()
  @ApiOperation({ summary: 'Runtime instances with up/down status (developers: their own; admins: all)' })
  @ZodResponse(200, runtimeInstancePageSchema)
  @ApiErrors(400)
  list(
    @CurrentUser() user: AuthUser,
    @ZodQuery(runtimeInstanceQuerySchema) query: RuntimeInstanceQuery,
  ): Promise<Page<RuntimeInstance>> {
    return this.instances.list(user, query);
  }
}
