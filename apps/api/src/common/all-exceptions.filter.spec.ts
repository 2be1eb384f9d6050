import { type ArgumentsHost, BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { AllExceptionsFilter } from './all-exceptions.filter';
import { DomainError } from './domain-error';
import { toErrorResponse } from './error-body.util';

function fakeHost(req: Record<string, unknown> = { id: 'req-1', originalUrl: '/api/x' }) {
  const res = {
    headersSent: false,
    statusCode: 0,
    headers: {} as Record<string, string>,
    body: undefined as unknown,
    setHeader(name: string, value: string) {
      this.headers[name] = value;
    },
    status(code: number) {
      this.statusCode = code;
      return this;
    },
    json(body: unknown) {
      this.body = body;
      return this;
    },
    end: jest.fn(),
  };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  return { host, res };
}

describe('AllExceptionsFilter', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => {
    logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it('turns a domain error into the error body with its headers', () => {
    const { host, res } = fakeHost();
    new AllExceptionsFilter().catch(DomainError.rateLimited(12.2), host);
    expect(res.statusCode).toBe(429);
    expect(res.headers['Retry-After']).toBe('13');
    expect(res.body).toEqual({
      statusCode: 429,
      code: 'rate_limited',
      message: expect.any(String),
      requestId: 'req-1',
    });
    expect(logged).not.toHaveBeenCalled();
  });

  it('hides unknown errors behind 500 internal_error and logs them with the stack', () => {
    const { host, res } = fakeHost();
    const boom = new Error('connection string postgres://secret@db leaked');
    new AllExceptionsFilter().catch(boom, host);
    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      code: 'internal_error',
      message: 'Internal server error',
      requestId: 'req-1',
    });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(logged).toHaveBeenCalledWith(
      expect.objectContaining({ err: boom, requestId: 'req-1' }),
      expect.any(String),
    );
  });

  it('only ends a response whose headers were already sent', () => {
    const { host, res } = fakeHost();
    res.headersSent = true;
    new AllExceptionsFilter().catch(new Error('mid-stream'), host);
    expect(res.end).toHaveBeenCalled();
    expect(res.body).toBeUndefined();
  });
});

describe('toErrorResponse', () => {
  it('keeps validation details', () => {
    const err = DomainError.validation([
      { path: 'body.email', code: 'invalid_format', message: 'Enter a valid email address' },
    ]);
    expect(toErrorResponse(err, 'r').body).toEqual({
      statusCode: 400,
      code: 'validation_failed',
      message: 'Request validation failed',
      details: [{ path: 'body.email', code: 'invalid_format', message: 'Enter a valid email address' }],
      requestId: 'r',
    });
  });

  it('gives Nest HTTP exceptions a code from their status', () => {
    expect(toErrorResponse(new NotFoundException('Cannot GET /api/x'), 'r').body).toMatchObject({
      statusCode: 404,
      code: 'not_found',
      message: 'Cannot GET /api/x',
    });
    expect(toErrorResponse(new BadRequestException(['a', 'b']), 'r').body).toMatchObject({
      statusCode: 400,
      code: 'bad_request',
      message: 'a; b',
    });
  });

  it('maps body parser failures to 413 and 400', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      type: 'entity.too.large',
      status: 413,
      limit: 1024,
      expose: true,
    });
    expect(toErrorResponse(tooLarge, 'r').body).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    const malformed = Object.assign(new SyntaxError('Unexpected end'), {
      type: 'entity.parse.failed',
      status: 400,
      expose: true,
    });
    expect(toErrorResponse(malformed, 'r').body).toMatchObject({ statusCode: 400, code: 'invalid_json' });
  });

  it('treats 5xx domain errors as unexpected, so they get logged', () => {
    expect(toErrorResponse(new DomainError(503, 'service_unavailable', 'down'), 'r').unexpected).toBe(true);
    expect(toErrorResponse(DomainError.notFound('Agent'), 'r').unexpected).toBe(false);
  });
});
