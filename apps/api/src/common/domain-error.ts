import { type ErrorDetail, ErrorCodes } from '@agenthub/contracts';

/**
 * An error the client is meant to see: HTTP status, a stable machine-readable code, a human
 * message and optional field-level details. The global filter turns it into the error body.
 */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static validation(details: ErrorDetail[], message = 'Request validation failed'): DomainError {
    return new DomainError(400, ErrorCodes.validationFailed, message, details);
  }

  static unauthorized(
    code: string = ErrorCodes.unauthorized,
    message = 'Authentication required',
  ): DomainError {
    return new DomainError(401, code, message);
  }

  static forbidden(
    code: string = ErrorCodes.forbidden,
    message = 'You are not allowed to do this',
  ): DomainError {
    return new DomainError(403, code, message);
  }

  /** Also used for resources that exist but belong to someone else, so ids cannot be probed. */
  static notFound(what = 'Resource', code: string = ErrorCodes.notFound): DomainError {
    return new DomainError(404, code, `${what} not found`);
  }

  static conflict(code: string, message: string): DomainError {
    return new DomainError(409, code, message);
  }

  /** A well-formed request that breaks a domain rule. */
  static unprocessable(code: string, message: string, details?: ErrorDetail[]): DomainError {
    return new DomainError(422, code, message, details);
  }

  static rateLimited(retryAfterSec: number, message = 'Too many attempts, try again later'): DomainError {
    const seconds = Math.max(1, Math.ceil(retryAfterSec));
    return new DomainError(429, ErrorCodes.rateLimited, message, undefined, {
      'Retry-After': String(seconds),
    });
  }
}
