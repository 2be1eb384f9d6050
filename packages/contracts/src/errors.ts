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
} as const;
