import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toErrorResponse } from '../common/error-body.util.js';
import { requestIdOf } from '../common/request-id.util.js';

/** JSON-RPC error codes: -32600 for a malformed request, -32000 (implementation-defined) otherwise. */
export function jsonRpcCodeOf(status: number): number {
  return status === 400 ? -32600 : -32000;
}

/**
 * The MCP routes answer HTTP-level errors (no or a wrong API key, an agent not in the caller's
 * library, an unknown SSE session) as a JSON-RPC error body, so MCP clients can report them:
 * `{ jsonrpc: "2.0", error: { code, message, data: { statusCode, code, details?, requestId } }, id: null }`,
 * with the HTTP status and headers (Retry-After) of the global mapping, and
 * `WWW-Authenticate: Bearer` on 401.
 */
@Catch()
export class McpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('McpErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const mapped = toErrorResponse(err, requestIdOf(req));
    if (mapped.unexpected)
      this.logger.error(
        { err, requestId: mapped.body.requestId, path: req.originalUrl },
        'Unhandled error while serving an MCP request',
      );
    if (res.headersSent) {
      res.end();
      return;
    }
    const { statusCode, code, message, details, requestId } = mapped.body;
    for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
    if (statusCode === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="agenthub"');
    res.status(statusCode).json({
      jsonrpc: '2.0',
      error: {
        code: jsonRpcCodeOf(statusCode),
        message,
        data: { statusCode, code, ...(details?.length ? { details } : {}), requestId },
      },
      id: null,
    });
  }
}
