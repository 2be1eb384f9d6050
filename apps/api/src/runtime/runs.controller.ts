import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  pageQuerySchema,
  type PageQuery,
  type Run,
  runSchema,
  runStepListSchema,
  type RunStepList,
} from '@agenthub/contracts';
import { z } from 'zod';
import { type AuthUser, CurrentUser } from '../common/auth.decorators.js';
import { ApiErrors, ZodParam, ZodQuery, ZodResponse } from '../common/zod.decorators.js';
import { RunQueryService } from './run-query.service.js';

@ApiTags('runs')
@ApiErrors(400, 401, 404)
@Controller('runs')
export class RunsController {
  constructor(private readonly runs: RunQueryService) {}

  @Get(':id')
  @ApiOperation({ summary: 'A run: status, current node, usage and cost (its user or an admin)' })
  @ZodResponse(200, runSchema)
  get(@CurrentUser() user: AuthUser, @ZodParam('id', z.uuid()) id: string): Promise<Run> {
    return this.runs.get(user, id);
  }

  @Get(':id/steps')
  @ApiOperation({ summary: "A run's trace: one step per node execution, in order (its user or an admin)" })
  @ZodResponse(200, runStepListSchema)
  steps(
    @CurrentUser() user: AuthUser,
    @ZodParam('id', z.uuid()) id: string,
    @ZodQuery(pageQuerySchema) query: PageQuery,
  ): Promise<RunStepList> {
    return this.runs.listSteps(user, id, query);
  }
}
