import { HttpException } from '@nestjs/common';
import { type ErrorBody, ErrorCodes } from '@agenthub/contracts';
import { DomainError } from './domain-error.js';

const CODE_BY_STATUS: Record<number, string> = {
  400: ErrorCodes.badRequest,
  401: ErrorCodes.unauthorized,
  403: ErrorCodes.forbidden,
  404: ErrorCodes.notFound,
  405: ErrorCodes.methodNotAllowed,
  409: ErrorCodes.conflict,
  413: ErrorCodes.payloadTooLarge,
  415: ErrorCodes.unsupportedMediaType,
  429: ErrorCodes.rateLimited,
  503: ErrorCodes.serviceUnavailable,
};

export interface MappedError {
  body: ErrorBody;
  headers: Record<string, string>;
  /** Set for errors the client must not see the details of: log them with their stack. */
  unexpected: boolean;
}

/** Errors thrown by Express body parsing (body-parser / raw-body) carry a `type` and a status. */
interface HttpParserError {
  type: string;
  status: number;
  statusCode?: number;
  expose?: boolean;
  limit?: number;
  message: string;
}

function isParserError(err: unknown): err is HttpParserError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as HttpParserError).type === 'string' &&
    typeof (err as HttpParserError).status === 'number'
  );
}

function httpExceptionMessage(e: HttpException): string {
  const response = e.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return e.message;
}

/**
 * Maps anything thrown while serving a request to the one error body. Unknown errors become a
 * 500 `internal_error` whose message says nothing about the cause; the request id lets an
 * operator find the logged stack.
 */
export function toErrorResponse(err: unknown, requestId: string | undefined): MappedError {
  if (err instanceof DomainError) {
    return {
      body: {
        statusCode: err.status,
        code: err.code,
        message: err.message,
        ...(err.details ? { details: err.details } : {}),
        requestId,
      },
      headers: err.headers ?? {},
      unexpected: err.status >= 500,
    };
  }
  if (err instanceof HttpException) {
    const status = err.getStatus();
    return {
      body: {
        statusCode: status,
        code: CODE_BY_STATUS[status] ?? `http_${status}`,
        message: httpExceptionMessage(err),
        requestId,
      },
      headers: {},
      unexpected: status >= 500,
    };
  }
  if (isParserError(err) && err.status >= 400 && err.status < 500) {
    if (err.type === 'entity.too.large') {
      return {
        body: {
          statusCode: 413,
          code: ErrorCodes.payloadTooLarge,
          message: `Request body is larger than the limit of ${err.limit ?? '?'} bytes`,
          requestId,
        },
        headers: {},
        unexpected: false,
      };
    }
    if (err.type === 'entity.parse.failed') {
      return {
        body: {
          statusCode: 400,
          code: ErrorCodes.invalidJson,
          message: 'Request body is not valid JSON',
          requestId,
        },
        headers: {},
        unexpected: false,
      };
    }
    return {
      body: {
        statusCode: err.status,
        code: CODE_BY_STATUS[err.status] ?? `http_${err.status}`,
        message: err.expose ? err.message : 'Bad request',
        requestId,
      },
      headers: {},
      unexpected: false,
    };
  }
  return {
    body: { statusCode: 500, code: ErrorCodes.internal, message: 'Internal server error', requestId },
    headers: {},
    unexpected: true,
  };
}
