import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorResponse } from './error-body.util.js';
import { requestIdOf } from './request-id.util.js';

/** The one place where errors become HTTP responses (ARCHITECTURE.md section 5). */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw err;
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const mapped = toErrorResponse(err, requestIdOf(req));
    if (mapped.unexpected) {
      this.logger.error(
        { err, requestId: mapped.body.requestId, path: req.originalUrl },
        'Unhandled error while serving a request',
      );
    }
    if (res.headersSent) {
      // A streamed response already started: all we can do is end it.
      res.end();
      return;
    }
    for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
    res.status(mapped.body.statusCode).json(mapped.body);
  }
}
