import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Public } from '../common/auth.decorators.js';
import { ZodResponse } from '../common/zod.decorators.js';
import { type HealthReport, HealthService } from './health.service.js';

const check = z.object({ status: z.enum(['up', 'down', 'disabled']), error: z.string().optional() });
const healthReportSchema = z.object({
  status: z.enum(['ok', 'error']),
  mode: z.enum(['embedded', 'distributed']),
  checks: z.object({ database: check, redis: check, queue: check }),
});

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
