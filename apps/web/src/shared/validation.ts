import type { FormItemRule } from 'element-plus';
import { PASSWORD_MIN_LENGTH, emailSchema } from '@agenthub/contracts';

type T = (key: string, named?: Record<string, unknown>) => string;

/**
 * Client-side form rules built on the contracts' schemas (the same rules the API enforces),
 * with messages in the user's language. The server stays the authority; these save a round trip.
 */
export const rules = {
  required: (t: T, fieldKey: string): FormItemRule => ({
    required: true,
    trigger: 'blur',
    validator: (_r, value: unknown, cb) =>
      typeof value === 'string' && value.trim()
        ? cb()
        : cb(new Error(t('validation.required', { field: t(fieldKey) }))),
  }),
  email: (t: T): FormItemRule => ({
    trigger: 'blur',
    validator: (_r, value: unknown, cb) =>
      emailSchema.safeParse(value).success ? cb() : cb(new Error(t('validation.email'))),
  }),
  password: (t: T): FormItemRule => ({
    required: true,
    trigger: 'blur',
    validator: (_r, value: unknown, cb) =>
      typeof value === 'string' && value.length >= PASSWORD_MIN_LENGTH
        ? cb()
        : cb(new Error(t('validation.passwordLength', { min: PASSWORD_MIN_LENGTH }))),
  }),
  sameAs: (t: T, other: () => string): FormItemRule => ({
    required: true,
    trigger: 'blur',
    validator: (_r, value: unknown, cb) =>
      value === other() ? cb() : cb(new Error(t('validation.passwordMismatch'))),
  }),
  maxLength: (t: T, max: number): FormItemRule => ({
    trigger: 'blur',
    validator: (_r, value: unknown, cb) =>
      typeof value !== 'string' || value.length <= max
        ? cb()
        : cb(new Error(t('validation.maxLength', { max }))),
  }),
};
