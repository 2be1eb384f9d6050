import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type AgentRunListQuery,
  agentRunListQuerySchema,
  pageQuerySchema,
  type PageQuery,
  type ResumeRunRequest,
  resumeRunRequestSchema,
  runActionResponseSchema,
  type RunActionResponse,
  runListSchema,
  type RunList,
  runStepListSchema,
  type RunStepList,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { AgentTestRunsService } from './agent-test-runs.service.js';

/**
 * An agent's runs for the Studio: the history with traces (owner or admin), and resume, retry
 * and cancel of a draft test run by the user who started it. Others' agents and runs are 404.
 */
@ApiTags('agents')
@Roles('developer', 'admin')
@ApiErrors(401, 403, 404)
@Controller('agents/:id/runs')
export class AgentRunsController {
  constructor(private readonly testRuns: AgentTestRunsService) {}

  @Get()
  @ApiOperation({ summary: "The agent's recent runs (test and chat), newest first, by status and kind" })
  @ZodResponse(200, runListSchema)
  @ApiErrors(400)
  list(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodQuery(agentRunListQuerySchema) query: AgentRunListQuery,
  ): Promise<RunList> {
    return this.testRuns.list(user, id, query);
  }

  @Get(':runId/steps')
  @ApiOperation({ summary: "A run's trace (finished steps of a running test run included)" })
  @ZodResponse(200, runStepListSchema)
  @ApiErrors(400)
  steps(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('runId', z.uuid()) runId: string,
    @ZodQuery(pageQuerySchema) query: PageQuery,
  ): Promise<RunStepList> {
    return this.testRuns.steps(user, id, runId, query);
  }

  @Post(':runId/resume')
  @ApiOperation({ summary: 'Answer a paused test run (human input); streams the rest of the run (SSE)' })
  @ApiProduces('text/event-stream')
  @ZodResponse(200, null, 'text/event-stream of run events, ending with done')
  @ApiErrors(400, 409)
  resume(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('runId', z.uuid()) runId: string,
    @ZodBody(resumeRunRequestSchema) body: ResumeRunRequest,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.testRuns.resume(user, id, runId, body.input, req, res);
  }

  @Post(':runId/retry')
  @ApiOperation({
    summary: 'Retry a failed test run from the failed node (finished nodes keep their output; SSE)',
  })
  @ApiProduces('text/event-stream')
  @ZodResponse(200, null, 'text/event-stream of run events, ending with done')
  @ApiErrors(409)
  retry(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('runId', z.uuid()) runId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.testRuns.retry(user, id, runId, req, res);
  }

  @Post(':runId/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a running or paused test run' })
  @ZodResponse(200, runActionResponseSchema)
  @ApiErrors(409)
  cancel(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodParam('runId', z.uuid()) runId: string,
  ): Promise<RunActionResponse> {
    return this.testRuns.cancel(user, id, runId);
  }
}
