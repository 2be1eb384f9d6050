import { z } from 'zod';

/** One problem with a request, pointing at the offending field (dot path, e.g. `body.email`). */
export const errorDetailSchema = z.object({
  path: z.string(),
  code: z.string(),
  message: z.string(),
});
export type ErrorDetail = z.infer<typeof errorDetailSchema>;

/** The one error body every API route returns (ARCHITECTURE.md section 5). */
export const errorBodySchema = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  message: z.string(),
  details: z.array(errorDetailSchema).optional(),
  requestId: z.string().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Well-known error codes shared by the API and the web app. Modules add their own. */
export const ErrorCodes = {
  validationFailed: 'validation_failed',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  internal: 'internal_error',
  emailTaken: 'email_taken',
  invalidCredentials: 'invalid_credentials',
  accountDisabled: 'account_disabled',
  invalidRefreshToken: 'invalid_refresh_token',
  refreshTokenReused: 'refresh_token_reused',
  wrongPassword: 'wrong_password',
  badRequest: 'bad_request',
  invalidJson: 'invalid_json',
  methodNotAllowed: 'method_not_allowed',
  unsupportedMediaType: 'unsupported_media_type',
  serviceUnavailable: 'service_unavailable',
  /** An admin tried to remove their own admin role or disable themself. */
  cannotModifySelf: 'cannot_modify_self',
  /** The access token is malformed, forged, or its user no longer exists. */
  invalidToken: 'invalid_token',
  /** The access token expired: refresh and retry. */
  tokenExpired: 'token_expired',
  invalidApiKey: 'invalid_api_key',
  apiKeyLimitReached: 'api_key_limit_reached',
} as const;
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
