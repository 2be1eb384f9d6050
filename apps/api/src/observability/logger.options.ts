import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { AppConfig } from '../config/app-config.js';
import { requestIdOf } from '../common/request-id.util.js';

/** Anything that may carry a credential or a password, wherever it appears in a log record. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.refreshToken',
  '*.accessToken',
  '*.token',
  '*.apiKey',
  '*.key',
  '*.secret',
];

const QUIET_PATHS = new Set(['/metrics', '/api/health']);

/**
 * Requests whose completion line is already arranged. Nest and nestjs-pino both mount the request
 * logger again for paths outside the /api prefix (/v1, /mcp), so it runs twice for them; the
 * second run must not log the request again.
 */
const autoLogged = new WeakSet<IncomingMessage>();

/** pino-http's `autoLogging.ignore`: quiet paths, and any request seen before. */
export function skipAutoLog(req: IncomingMessage): boolean {
  if (QUIET_PATHS.has((req.url ?? '').split('?')[0])) return true;
  if (autoLogged.has(req)) return true;
  autoLogged.add(req);
  return false;
}

/** nestjs-pino settings: JSON lines, the request id on every line logged while serving a request. */
export function buildLoggerParams(config: AppConfig, destination?: DestinationStream): Params {
  const options: NonNullable<Exclude<Params['pinoHttp'], DestinationStream | unknown[]>> = {
    level: config.logLevel,
    // requestIdMiddleware already ran; the fallback covers requests that bypass it.
    genReqId: (req: IncomingMessage) => requestIdOf(req) ?? randomUUID(),
    quietReqLogger: true,
    // Evaluated again when the response finishes, after the auth guard ran: the completion line
    // says who made the request.
    customProps: (req: IncomingMessage) => {
      const user = (req as IncomingMessage & { user?: { id: string } }).user;
      return user ? { userId: user.id } : {};
    },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // Probes and scrapes every few seconds would drown the useful lines; each request logs once.
    autoLogging: { ignore: skipAutoLog },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
