import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type WithId = { id?: unknown };

export function requestIdOf(req: unknown): string | undefined {
  const id = (req as WithId).id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Takes the caller's X-Request-Id when it looks like an id (so traces join across services),
 * otherwise makes one; exposes it as `req.id` (which pino-http logs) and echoes it back. Runs
 * before body parsing so even a rejected body gets an id.
 */
export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  (req as WithId).id = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}
