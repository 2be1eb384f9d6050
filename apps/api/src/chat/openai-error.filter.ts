import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorResponse } from '../common/error-body.util.js';
import { requestIdOf } from '../common/request-id.util.js';

/** OpenAI's error types by HTTP status, so their clients raise the matching exception class. */
function openAiErrorType(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/**
 * `/v1` answers errors in OpenAI's shape (`{ error: { message, type, param, code } }`) instead of
 * ours, so OpenAI clients report them properly. Same mapping as the global filter otherwise.
 */
@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const mapped = toErrorResponse(err, requestIdOf(req));
    if (res.headersSent) {
      res.end();
      return;
    }
    const { statusCode, code, message, details } = mapped.body;
    const param = details?.[0]?.path?.replace(/^body\./, '') ?? null;
    for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
    res.status(statusCode).json({
      error: {
        message: details?.length
          ? `${message}: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`
          : message,
        type: openAiErrorType(statusCode),
        param,
        code,
      },
    });
  }
}
