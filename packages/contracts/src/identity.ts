import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination.js';

export const roleSchema = z.enum(['user', 'developer', 'admin']);
export type Role = z.infer<typeof roleSchema>;
export const ROLES = roleSchema.options;

export const PASSWORD_MIN_LENGTH = 8;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(256, 'Password must be at most 256 characters');

/**
 * The one e-mail address rule of AgentHub (API DTOs, web forms, the `ADMIN_EMAIL` setting).
 * Self-hosted installs use local domains, so a single-label domain such as `admin@localhost`
 * (the embedded-mode admin) is valid; what is refused is what cannot be an address: no `@`,
 * whitespace or control characters, empty or over-long parts, dots at the edges or doubled,
 * domain labels with characters other than letters, digits and inner hyphens.
 */
const EMAIL_LOCAL_PART = /^(?!\.)(?!.*\.\.)[^\s@\p{Cc}\p{Cs}"(),:;<>[\\\]]{1,64}(?<!\.)$/u;
const EMAIL_DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
export const EMAIL_MAX_LENGTH = 254;

/** True when `value` (already trimmed) is an e-mail address by AgentHub's rule. */
export function isEmailAddress(value: string): boolean {
  if (value.length > EMAIL_MAX_LENGTH) return false;
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  return EMAIL_LOCAL_PART.test(local) && domain.split('.').every((label) => EMAIL_DOMAIN_LABEL.test(label));
}

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { message: 'Email is required', abort: true })
  .refine(isEmailAddress, 'Enter a valid email address');
export const displayNameSchema = z.string().trim().min(1, 'Display name is required').max(80);

export const userSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  disabled: z.boolean(),
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

// ---- auth ----
export const registerRequestSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: displayNameSchema,
  developer: z.boolean().optional().default(false),
});
export type RegisterRequest = z.input<typeof registerRequestSchema>;

export const loginRequestSchema = z.object({
  email: emailSchema,
  password: z.string().min(1, 'Password is required').max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const refreshRequestSchema = z.object({ refreshToken: z.string().min(1) });
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const logoutRequestSchema = z.object({ refreshToken: z.string().min(1) });
export type LogoutRequest = z.infer<typeof logoutRequestSchema>;

export const authResponseSchema = z.object({
  user: userSchema,
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int(),
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

// ---- me ----
export const updateMeRequestSchema = z
  .object({
    displayName: displayNameSchema.optional(),
    currentPassword: z.string().max(256).optional(),
    newPassword: passwordSchema.optional(),
  })
  .refine((v) => !v.newPassword || !!v.currentPassword, {
    message: 'Current password is required to set a new password',
    path: ['currentPassword'],
  });
export type UpdateMeRequest = z.infer<typeof updateMeRequestSchema>;

// ---- api keys ----
export const API_KEY_PREFIX = 'ahk_';
export const apiKeySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** First characters of the key (e.g. `ahk_3f9a1c`), enough to recognise it, never enough to use it. */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const createApiKeyRequestSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(80),
});
export type CreateApiKeyRequest = z.infer<typeof createApiKeyRequestSchema>;

/** Returned once, at creation: `key` is never shown again. */
export const createdApiKeySchema = apiKeySchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

export const apiKeyListSchema = z.object({ items: z.array(apiKeySchema) });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

// ---- admin ----
export const USER_STATUSES = ['active', 'disabled'] as const;
export const userStatusSchema = z.enum(USER_STATUSES);
export type UserStatus = z.infer<typeof userStatusSchema>;

export const adminUserQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  role: roleSchema.optional(),
  status: userStatusSchema.optional(),
});
export type AdminUserQuery = z.infer<typeof adminUserQuerySchema>;

/** A user in the admin list: with how many agents they own and chats they have (not deleted). */
export const adminUserSchema = userSchema.extend({
  agentCount: z.number().int().nonnegative(),
  chatCount: z.number().int().nonnegative(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const adminUserPageSchema = pageOf(adminUserSchema);

export const adminUpdateUserRequestSchema = z
  .object({
    roles: z.array(roleSchema).min(1, 'A user needs at least one role').optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.roles !== undefined || v.disabled !== undefined, {
    message: 'Nothing to update: give roles or disabled',
    path: ['roles'],
  });
export type AdminUpdateUserRequest = z.infer<typeof adminUpdateUserRequestSchema>;

// ---- audit log (admin) ----
export const auditLogSchema = z.object({
  id: z.uuid(),
  /** Null for actions of the system itself, e.g. the admin bootstrap. */
  actorId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  /** The resource before / after the change (secrets redacted); null when not recorded. */
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditLog = z.infer<typeof auditLogSchema>;

export const auditLogQuerySchema = pageQuerySchema.extend({
  action: z.string().trim().max(100).optional(),
  actorId: z.uuid().optional(),
  targetType: z.string().trim().max(100).optional(),
  targetId: z.string().trim().max(200).optional(),
  /** Entries at or after this instant (ISO 8601). */
  from: z.iso.datetime({ offset: true, message: 'Expected an ISO 8601 date-time' }).optional(),
  /** Entries before this instant (ISO 8601). */
  to: z.iso.datetime({ offset: true, message: 'Expected an ISO 8601 date-time' }).optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

export const auditLogPageSchema = pageOf(auditLogSchema);
