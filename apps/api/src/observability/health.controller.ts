import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { healthReportSchema } from '@agenthub/contracts';
import { Public } from '../common/auth.decorators.js';
import { ZodResponse } from '../common/zod.decorators.js';
import { type HealthReport, HealthService } from './health.service.js';

@ApiTags('system')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** 200 when every configured dependency answers, 503 (same body) naming the one that does not. */
  @Get()
  @ZodResponse(200, healthReportSchema, 'All dependencies are up')
  @ZodResponse(503, healthReportSchema, 'A dependency is down')
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.check();
    res.status(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
