import { Controller, Get, Header, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth.decorators.js';
import { DomainError } from '../common/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { metricsScrapeAllowed } from './metrics-auth.util.js';
import { MetricsService } from './metrics.service.js';

/**
 * Prometheus scrape endpoint, served at /metrics (outside the /api prefix, as scrapers expect).
 * Open unless METRICS_TOKEN is set; then a scrape needs `Authorization: Bearer <token>`
 * (Prometheus `authorization: { credentials: ... }`). User credentials do not count: a scraper is
 * not a user.
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    if (!metricsScrapeAllowed(authorization, this.config.metricsToken)) {
      throw new DomainError(401, 'metrics_unauthorized', 'A valid metrics token is required', undefined, {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
    res.type(this.metrics.contentType).send(await this.metrics.render());
  }
}
