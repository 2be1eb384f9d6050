import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type AgentTestRequest,
  agentTestRequestSchema,
  type AgentVersion,
  agentVersionSchema,
  type ApproveReviewRequest,
  approveReviewRequestSchema,
  type Page,
  type RejectReviewRequest,
  rejectReviewRequestSchema,
  type ReviewQueueItem,
  reviewQueuePageSchema,
  type ReviewQueueQuery,
  reviewQueueQuerySchema,
} from '@agenthub/contracts';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { type AuthUser, CurrentUser, Roles } from '../common/auth.decorators.js';
import { type RequestMeta, ReqMeta } from '../common/request-meta.decorator.js';
import { ApiErrors, ZodBody, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { AgentReviewService } from './agent-review.service.js';
import { AgentWorkflowService } from './agent-workflow.service.js';

@ApiTags('admin')
@Roles('admin')
@ApiErrors(401, 403)
@Controller('admin/reviews')
export class AdminReviewsController {
  constructor(
    private readonly reviews: AgentReviewService,
    private readonly workflow: AgentWorkflowService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Versions waiting for review, oldest submission first' })
  @ZodResponse(200, reviewQueuePageSchema)
  @ApiErrors(400)
  queue(@ZodQuery(reviewQueueQuerySchema) query: ReviewQueueQuery): Promise<Page<ReviewQueueItem>> {
    return this.reviews.queue(query);
  }

  @Post(':versionId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Publish a pending version (the agent serves it from now on)' })
  @ZodResponse(200, agentVersionSchema)
  @ApiErrors(400, 404, 409)
  approve(
    @CurrentUser() admin: AuthUser,
    @ZodParam('versionId', z.uuid()) versionId: string,
    @ZodBody(approveReviewRequestSchema) body: ApproveReviewRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgentVersion> {
    return this.reviews.approve(admin, versionId, body, meta);
  }

  @Post(':versionId/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reject a pending version with a reason the developer sees' })
  @ZodResponse(200, agentVersionSchema)
  @ApiErrors(400, 404, 409)
  reject(
    @CurrentUser() admin: AuthUser,
    @ZodParam('versionId', z.uuid()) versionId: string,
    @ZodBody(rejectReviewRequestSchema) body: RejectReviewRequest,
    @ReqMeta() meta: RequestMeta,
  ): Promise<AgentVersion> {
    return this.reviews.reject(admin, versionId, body, meta);
  }

  @Post(':versionId/test')
  @ApiOperation({ summary: 'Try a submitted (e.g. pending) version: a test run streamed as SSE run events' })
  @ApiProduces('text/event-stream')
  @ZodResponse(200, null, 'text/event-stream of run events (run, node, message, …, done)')
  @ApiErrors(400, 404)
  test(
    @CurrentUser() admin: AuthUser,
    @ZodParam('versionId', z.uuid()) versionId: string,
    @ZodBody(agentTestRequestSchema) body: AgentTestRequest,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.workflow.testVersion(admin, versionId, body, req, res);
  }
}
