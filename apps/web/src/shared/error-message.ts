import type { Composer } from 'vue-i18n';
import { isApiError } from '@/api/api-error';

type Translate = Pick<Composer, 't' | 'te'>;

/**
 * The sentence to show a user for any thrown error: a translated message for codes we know,
 * else the server's own message, with the request id on 5xx so a bug report can be traced.
 */
export function errorMessage(err: unknown, i18n: Translate): string {
  if (!isApiError(err)) return i18n.t('errors.generic');
  const key = `errors.codes.${err.code}`;
  const message = i18n.te(key) ? i18n.t(key) : err.message || i18n.t('errors.generic');
  if (err.status >= 500 && err.requestId)
    return i18n.t('errors.withRequestId', { message, id: err.requestId });
  return message;
}
