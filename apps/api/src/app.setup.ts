import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { API_VERSION } from '@agenthub/contracts';
import type { NextFunction, Request, Response } from 'express';
import { AppModule, type AppModuleOptions } from './app.module.js';
import { AppLogger } from './observability/app-logger.js';
import { toErrorResponse } from './common/error-body.util.js';
import { requestIdMiddleware, requestIdOf } from './common/request-id.util.js';
import { TimedExpressAdapter } from './common/timed-express.adapter.js';
import { webAppHandler } from './common/web-app.static.js';
import type { AppConfig } from './config/app-config.js';
import { metricsMiddleware } from './observability/metrics.middleware.js';
import { MetricsService } from './observability/metrics.service.js';

export const API_PREFIX = 'api';
/** Served outside /api: Prometheus scrapes, the OpenAI-compatible API and the MCP server endpoint. */
const UNPREFIXED_ROUTES = ['metrics', 'v1/{*path}', 'mcp', 'mcp/{*path}'];
const BACKEND_PATH = /^\/(api|v1|metrics|mcp)(\/|$)/;

/** Builds the HTTP application exactly as production runs it (tests use this too). */
export async function createApp(options: AppModuleOptions): Promise<NestExpressApplication> {
  const adapter = new TimedExpressAdapter(options.config.httpTimeouts);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), adapter, {
    bodyParser: false,
    bufferLogs: true,
    // Throw instead of process.exit(1): main.ts must still stop the embedded PostgreSQL, and a
    // test must fail, not kill its runner.
    abortOnError: false,
  });
  app.useLogger(app.get(AppLogger));
  configureHttp(app, options.config);
  return app;
}

/** Express-level middleware, in order. All of it runs before Nest's routes. */
function configureHttp(app: NestExpressApplication, config: AppConfig): void {
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  app.use(securityHeaders);
  app.use(metricsMiddleware(app.get(MetricsService)));

  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  // Body parsing fails before any Nest handler exists, so its errors are shaped here.
  app.use((err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const mapped = toErrorResponse(err, requestIdOf(req));
    if (mapped.unexpected) return next(err);
    res.status(mapped.body.statusCode).json(mapped.body);
  });

  const webApp = webAppHandler(config.webDistDir, BACKEND_PATH);
  if (webApp) app.use(webApp);
  app.setGlobalPrefix(API_PREFIX, { exclude: UNPREFIXED_ROUTES });
  setupOpenApi(app);
}

/** Conservative defaults for every response (API, docs and SPA alike). */
function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  // API answers carry tokens and personal data: never let a browser or proxy cache them.
  if (BACKEND_PATH.test(req.path)) res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}

export function buildOpenApiDocument(app: NestExpressApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('AgentHub API')
      .setDescription('Errors share one body: { statusCode, code, message, details?, requestId }.')
      .setVersion(API_VERSION)
      .addBearerAuth(
        { type: 'http', scheme: 'bearer', description: 'An access token, or an API key (ahk_…)' },
        'bearer',
      )
      .build(),
  );
  // Authenticated is the default, as with the global guard; @Public() routes carry x-public.
  for (const item of Object.values(document.paths)) {
    for (const op of Object.values(item) as Array<{ security?: unknown; 'x-public'?: boolean }>) {
      if (typeof op !== 'object' || op === null || !('responses' in op)) continue;
      op.security = op['x-public'] ? [] : [{ bearer: [] }];
    }
  }
  return document;
}

function setupOpenApi(app: NestExpressApplication): void {
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${API_PREFIX}/docs-json`,
    yamlDocumentUrl: `${API_PREFIX}/docs-yaml`,
  });
}
