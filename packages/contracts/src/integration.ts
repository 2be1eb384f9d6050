import { z } from 'zod';
import { pageOf, pageQuerySchema } from './pagination.js';

/**
 * Integration: providers (kinds of external service and the JSON Schema of their settings),
 * service configs (one configured connection, secrets write-only) and MCP servers/tools.
 */

/** Error codes of the integration module (beside the shared ErrorCodes). */
export const IntegrationErrorCodes = {
  providerInUse: 'provider_in_use',
  providerBuiltin: 'provider_builtin',
  providerSlugTaken: 'provider_slug_taken',
  invalidConfigSchema: 'invalid_config_schema',
  ssrfBlocked: 'ssrf_blocked',
  secretMaskMismatch: 'secret_mask_mismatch',
  serviceConfigIsDefault: 'service_config_is_default',
  defaultMustBePlatform: 'default_must_be_platform',
  noDefaultService: 'no_default_service',
  serviceTypeMismatch: 'service_type_mismatch',
  unsupportedProviderKind: 'unsupported_provider_kind',
  mcpServerNameTaken: 'mcp_server_name_taken',
  mcpConnectFailed: 'mcp_connect_failed',
  secretKeyUnknown: 'secret_key_unknown',
} as const;

/** Text shown instead of a stored secret: the bullets plus, for long secrets, its last 4 characters. */
export const SECRET_MASK_PREFIX = '••••';

/** Known service types; admins may add providers of other types (lower-case identifiers). */
export const KNOWN_SERVICE_TYPES = ['llm', 'embedding', 'search', 'mcp', 'vector_store', 'rerank'] as const;
export const serviceTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,31}$/, 'Service type must be a lower-case identifier (e.g. llm, embedding)');

/** Provider kinds the engine can build a client for; others can be stored but not tested or run. */
export const ENGINE_PROVIDER_KINDS = ['openai_compatible', 'demo'] as const;
export const providerKindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'Kind must be a lower-case identifier (e.g. openai_compatible)');

export const providerAuthTypeSchema = z.enum(['none', 'api_key', 'bearer', 'basic', 'oauth2', 'custom']);
export type ProviderAuthType = z.infer<typeof providerAuthTypeSchema>;

/** A JSON Schema (object) describing a provider's settings; secret fields carry `"x-secret": true`. */
export const providerConfigSchemaSchema = z.record(z.string(), z.unknown());

export const providerSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  serviceType: z.string(),
  kind: z.string(),
  name: z.string(),
  description: z.string(),
  configSchema: providerConfigSchemaSchema,
  authType: providerAuthTypeSchema,
  /** Seeded and maintained by the platform: cannot be deleted, its schema is updated at boot. */
  builtin: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Provider = z.infer<typeof providerSchema>;
export const providerListSchema = z.object({ items: z.array(providerSchema) });
export type ProviderList = z.infer<typeof providerListSchema>;

export const providerQuerySchema = z.object({ serviceType: serviceTypeSchema.optional() });
export type ProviderQuery = z.infer<typeof providerQuerySchema>;

export const createProviderRequestSchema = z.object({
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'Slug: lower-case letters, digits, _ and -'),
  serviceType: serviceTypeSchema,
  kind: providerKindSchema,
  name: z.string().trim().min(1, 'Name is required').max(120),
  description: z.string().max(2000).default(''),
  configSchema: providerConfigSchemaSchema,
  authType: providerAuthTypeSchema.default('none'),
});
export type CreateProviderRequest = z.infer<typeof createProviderRequestSchema>;

/** Full replacement of a provider's editable fields (the slug never changes). */
export const updateProviderRequestSchema = createProviderRequestSchema.omit({ slug: true });
export type UpdateProviderRequest = z.infer<typeof updateProviderRequestSchema>;

// ---- service configs ----

export const pricingConfigSchema = z.object({
  /** Price per 1 000 prompt tokens. */
  inputPer1k: z.number().min(0).max(1000),
  /** Price per 1 000 completion tokens. */
  outputPer1k: z.number().min(0).max(1000),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'Currency must be an ISO 4217 code such as USD')
    .default('USD'),
});
export type PricingConfig = z.infer<typeof pricingConfigSchema>;

export const limitsConfigSchema = z.object({
  requestsPerMinute: z.number().int().positive().max(1_000_000).nullable().optional(),
  tokensPerDay: z.number().int().positive().max(1_000_000_000_000).nullable().optional(),
});
export type LimitsConfig = z.infer<typeof limitsConfigSchema>;

export const validationStatusSchema = z.enum(['valid', 'invalid', 'unknown']);
export type ValidationStatus = z.infer<typeof validationStatusSchema>;

export const serviceConfigScopeSchema = z.enum(['platform', 'personal']);
export type ServiceConfigScope = z.infer<typeof serviceConfigScopeSchema>;

export const serviceConfigSchema = z.object({
  id: z.uuid(),
  providerId: z.uuid(),
  providerKind: z.string(),
  serviceType: z.string(),
  name: z.string(),
  scope: serviceConfigScopeSchema,
  /** null for platform configs. */
  ownerId: z.uuid().nullable(),
  /** Settings with every secret field masked (`••••abcd`); send a mask back to keep the secret. */
  configData: z.record(z.string(), z.unknown()),
  pricingConfig: pricingConfigSchema.nullable(),
  limitsConfig: limitsConfigSchema.nullable(),
  isDefault: z.boolean(),
  validationStatus: validationStatusSchema,
  validationError: z.string().nullable(),
  validatedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ServiceConfig = z.infer<typeof serviceConfigSchema>;
export const serviceConfigPageSchema = pageOf(serviceConfigSchema);

export const serviceConfigQuerySchema = pageQuerySchema.extend({
  serviceType: serviceTypeSchema.optional(),
  providerId: z.uuid().optional(),
  scope: serviceConfigScopeSchema.optional(),
  q: z.string().trim().max(200).optional(),
});
export type ServiceConfigQuery = z.infer<typeof serviceConfigQuerySchema>;

export const createServiceConfigRequestSchema = z.object({
  providerId: z.uuid(),
  name: z.string().trim().min(1, 'Name is required').max(120),
  /** Validated against the provider's configSchema (400 with `body.configData.<field>` paths). */
  configData: z.record(z.string(), z.unknown()).default({}),
  pricingConfig: pricingConfigSchema.nullable().optional(),
  limitsConfig: limitsConfigSchema.nullable().optional(),
  /** Admins create platform configs unless they ask for `personal`; developers only personal ones. */
  scope: serviceConfigScopeSchema.optional(),
});
export type CreateServiceConfigRequest = z.infer<typeof createServiceConfigRequestSchema>;

/** Partial update; `configData`, when given, replaces the whole settings object (masks keep secrets). */
export const updateServiceConfigRequestSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(120).optional(),
  configData: z.record(z.string(), z.unknown()).optional(),
  pricingConfig: pricingConfigSchema.nullable().optional(),
  limitsConfig: limitsConfigSchema.nullable().optional(),
});
export type UpdateServiceConfigRequest = z.infer<typeof updateServiceConfigRequestSchema>;

// ---- MCP servers and tools ----

export const mcpTransportSchema = z.enum(['streamable_http', 'sse']);
export type McpTransport = z.infer<typeof mcpTransportSchema>;
export const mcpServerStatusSchema = z.enum(['healthy', 'unhealthy', 'unknown']);
export type McpServerStatus = z.infer<typeof mcpServerStatusSchema>;

export const mcpServerNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'Name: lower-case letters, digits, _ and - (workflows refer to it)');

const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'Invalid header name');
/** Header values are secrets: stored encrypted, returned masked; send a mask back to keep one. */
export const mcpHeadersSchema = z
  .record(headerNameSchema, z.string().max(8192))
  .refine((h) => Object.keys(h).length <= 20, 'At most 20 headers');

export const mcpServerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  transport: mcpTransportSchema,
  headers: z.record(z.string(), z.string()),
  scope: serviceConfigScopeSchema,
  ownerId: z.uuid().nullable(),
  status: mcpServerStatusSchema,
  lastHealthCheck: z.string().nullable(),
  lastError: z.string().nullable(),
  toolCount: z.number().int(),
  toolsRefreshedAt: z.string().nullable(),
  callsTotal: z.number().int(),
  callsSucceeded: z.number().int(),
  avgLatencyMs: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type McpServer = z.infer<typeof mcpServerSchema>;
export const mcpServerPageSchema = pageOf(mcpServerSchema);

export const mcpServerQuerySchema = pageQuerySchema.extend({
  scope: serviceConfigScopeSchema.optional(),
  q: z.string().trim().max(200).optional(),
});
export type McpServerQuery = z.infer<typeof mcpServerQuerySchema>;

export const createMcpServerRequestSchema = z.object({
  name: mcpServerNameSchema,
  description: z.string().max(2000).default(''),
  url: z.string().trim().max(2048),
  transport: mcpTransportSchema.default('streamable_http'),
  headers: mcpHeadersSchema.default({}),
  /** Admins register platform servers unless they ask for `personal`; developers only personal ones. */
  scope: serviceConfigScopeSchema.optional(),
});
export type CreateMcpServerRequest = z.infer<typeof createMcpServerRequestSchema>;

export const updateMcpServerRequestSchema = z.object({
  name: mcpServerNameSchema.optional(),
  description: z.string().max(2000).optional(),
  url: z.string().trim().max(2048).optional(),
  transport: mcpTransportSchema.optional(),
  /** Replaces the whole header set; masked values keep the stored ones. */
  headers: mcpHeadersSchema.optional(),
});
export type UpdateMcpServerRequest = z.infer<typeof updateMcpServerRequestSchema>;

export const mcpToolSchema = z.object({
  id: z.uuid(),
  serverId: z.uuid(),
  serverName: z.string(),
  name: z.string(),
  description: z.string(),
  inputSchema: z.record(z.string(), z.unknown()),
});
export type McpTool = z.infer<typeof mcpToolSchema>;
export const mcpToolPageSchema = pageOf(mcpToolSchema);

export const mcpToolQuerySchema = pageQuerySchema.extend({
  q: z.string().trim().max(200).optional(),
  /** Server id or name. */
  server: z.string().trim().max(100).optional(),
});
export type McpToolQuery = z.infer<typeof mcpToolQuerySchema>;

export const mcpRefreshResultSchema = z.object({
  server: mcpServerSchema,
  tools: z.array(mcpToolSchema),
});
export type McpRefreshResult = z.infer<typeof mcpRefreshResultSchema>;

/** How many health checks a server keeps (newest first) and calls per tool the statistics cover. */
export const MCP_HEALTH_HISTORY_SIZE = 50;
export const MCP_TOOL_CALLS_KEPT = 1000;

export const mcpHealthCheckSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().int().nonnegative(),
  error: z.string().nullable(),
  checkedAt: z.string(),
});
export type McpHealthCheck = z.infer<typeof mcpHealthCheckSchema>;

/** Over the newest `MCP_TOOL_CALLS_KEPT` calls of the tool. */
export const mcpToolStatSchema = z.object({
  tool: z.string(),
  calls: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  p50DurationMs: z.number().int().nonnegative(),
  lastCalledAt: z.string(),
});
export type McpToolStat = z.infer<typeof mcpToolStatSchema>;

export const mcpServerStatsSchema = z.object({
  /** Newest first, at most `MCP_HEALTH_HISTORY_SIZE`. */
  healthChecks: z.array(mcpHealthCheckSchema),
  tools: z.array(mcpToolStatSchema),
});
export type McpServerStats = z.infer<typeof mcpServerStatsSchema>;
