import type { ErrorBody, ErrorDetail } from '@agenthub/contracts';

/** Codes the client itself produces when there is no usable error body from the API. */
export const ClientErrorCodes = {
  network: 'network_error',
  badResponse: 'bad_response',
} as const;

/**
 * Every failed request surfaces as one of these, whatever went wrong (HTTP error, bad JSON,
 * no network), so views only ever handle one shape.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly requestId?: string;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetail[];
    requestId?: string;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId;
  }

  /** The first detail per field, keyed by field name (`body.email` and `email` both become `email`). */
  fieldDetails(): Record<string, ErrorDetail> {
    const out: Record<string, ErrorDetail> = {};
    for (const d of this.details) {
      const field = d.path.replace(/^(body|query|params)\./, '');
      // Keep the first problem per field: it is usually the most basic one.
      if (field && !(field in out)) out[field] = d;
    }
    return out;
  }

  /** Field messages keyed by field name, as the API wrote them. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries(Object.entries(this.fieldDetails()).map(([field, d]) => [field, d.message]));
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.message === 'string';
}

/** Builds an ApiError from a non-2xx response, tolerating bodies that are not our JSON shape. */
export async function apiErrorFromResponse(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => '');
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (isErrorBody(body)) {
    return new ApiError({
      status: res.status,
      code: body.code,
      message: body.message,
      details: Array.isArray(body.details) ? body.details : [],
      requestId: body.requestId ?? res.headers.get('x-request-id') ?? undefined,
    });
  }
  return new ApiError({
    status: res.status,
    code: `http_${res.status}`,
    message: `Request failed with status ${res.status}${res.statusText ? ` (${res.statusText})` : ''}`,
    requestId: res.headers.get('x-request-id') ?? undefined,
  });
}
