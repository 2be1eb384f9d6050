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
    // Probes and scrapes every few seconds would drown the useful lines.
    autoLogging: { ignore: (req: IncomingMessage) => QUIET_PATHS.has((req.url ?? '').split('?')[0]) },
  };
  return { pinoHttp: destination ? [options, destination] : options };
}
