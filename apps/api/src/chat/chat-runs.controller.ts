import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type ResumeRunRequest,
  resumeRunRequestSchema,
  runActionResponseSchema,
  type RunActionResponse,
  runSchema,
  runStreamQuerySchema,
  type RunStreamQuery,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../common/auth.decorators.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { ChatRunService } from './chat-run.service.js';
import { ChatStreamService } from './chat-stream.service.js';

/** Live control of a run by the user who started it (others' runs are 404). */
@ApiTags('runs')
@ApiErrors(400, 401, 404)
@Controller('runs')
export class ChatRunsController {
  constructor(
    private readonly chatRuns: ChatRunService,
    private readonly streams: ChatStreamService,
  ) {}

  @Get(':id/stream')
  @ApiOperation({
    summary:
      "A run's events: after Last-Event-ID (header) or lastEventId (query) exactly, then live, ending with done",
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false })
  @ApiProduces('text/event-stream')
  @ZodResponse(200, null, 'text/event-stream of run events')
  stream(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodQuery(runStreamQuerySchema) query: RunStreamQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.streams.stream(user, id, query.lastEventId, req, res);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Cancel a queued, running or paused run (the stream ends with done: cancelled)' })
  @ZodResponse(202, runActionResponseSchema)
  @ApiErrors(409)
  cancel(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<RunActionResponse> {
    return this.chatRuns.cancel(user, id);
  }

  @Post(':id/resume')
  @ApiOperation({
    summary:
      'Answer a run paused at human input; it continues from its checkpoint (SSE with Accept: text/event-stream)',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ZodResponse(200, runSchema)
  @ApiErrors(409)
  resume(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodBody(resumeRunRequestSchema) body: ResumeRunRequest,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.streams.resume(user, id, body, req, res);
  }

  @Post(':id/retry')
  @ApiOperation({
    summary:
      'Retry a failed run from its checkpoint: finished nodes keep their outputs, the failed node runs again ' +
      '(SSE with Accept: text/event-stream)',
  })
  @ApiProduces('application/json', 'text/event-stream')
  @ZodResponse(200, runSchema)
  @ApiErrors(409)
  retry(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.streams.retry(user, id, req, res);
  }
}
