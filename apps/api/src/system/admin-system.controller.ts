import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { type SystemSummary, systemSummarySchema } from '@agenthub/contracts';
import { Roles } from '../common/auth.decorators.js';
import { ApiErrors, ZodResponse } from '../common/zod.decorators.js';
import { AdminSystemService } from './admin-system.service.js';

@ApiTags('admin')
@Roles('admin')
@ApiErrors(401, 403)
@Controller('admin/system')
export class AdminSystemController {
  constructor(private readonly system: AdminSystemService) {}

  @Get()
  @ApiOperation({
    summary:
      'Platform processes (heartbeats), queue depth, runs of the last 24 h, health, configuration in force',
  })
  @ZodResponse(200, systemSummarySchema)
  summary(): Promise<SystemSummary> {
    return this.system.summary();
  }
}
