import type {
  CreateMcpServerRequest,
  CreateServiceConfigRequest,
  McpRefreshResult,
  McpServer,
  McpServerStats,
  McpTool,
  OutboundPolicy,
  Page,
  ProviderList,
  ServiceConfig,
  ServiceConfigScope,
  UpdateMcpServerRequest,
  UpdateServiceConfigRequest,
} from '@agenthub/contracts';
import { http } from './http-client';

const configPath = (id: string) => `/service-configs/${encodeURIComponent(id)}`;
const serverPath = (id: string) => `/mcp-servers/${encodeURIComponent(id)}`;

/** Providers (with their config schemas) and service configs; secrets always come back masked. */
export const providersApi = {
  list: () => http.get<ProviderList>('/providers'),
};

export const serviceConfigsApi = {
  list: (
    query: { scope?: ServiceConfigScope; serviceType?: string; page?: number; pageSize?: number } = {},
  ) => http.get<Page<ServiceConfig>>('/service-configs', { ...query }),
  create: (body: CreateServiceConfigRequest) => http.post<ServiceConfig>('/service-configs', body),
  update: (id: string, body: UpdateServiceConfigRequest) => http.patch<ServiceConfig>(configPath(id), body),
  remove: (id: string) => http.delete(configPath(id)),
  /** Tests the connection for real and records the outcome on the config. */
  validate: (id: string) => http.post<ServiceConfig>(`${configPath(id)}/validate`),
  makeDefault: (id: string) => http.put<ServiceConfig>(`${configPath(id)}/default`),
};

/** MCP servers: headers are write-only secrets (masked on read; a mask sent back keeps one). */
export const mcpServersApi = {
  list: (query: { scope?: ServiceConfigScope; page?: number; pageSize?: number } = {}) =>
    http.get<Page<McpServer>>('/mcp-servers', { ...query }),
  create: (body: CreateMcpServerRequest) => http.post<McpServer>('/mcp-servers', body),
  update: (id: string, body: UpdateMcpServerRequest) => http.patch<McpServer>(serverPath(id), body),
  remove: (id: string) => http.delete(serverPath(id)),
  refresh: (id: string) => http.post<McpRefreshResult>(`${serverPath(id)}/refresh`),
  health: (id: string) => http.post<McpServer>(`${serverPath(id)}/health`),
  tools: (server: string) => http.get<Page<McpTool>>('/mcp-tools', { server, pageSize: 100 }),
  /** Health history (newest first) and per-tool call statistics. */
  stats: (id: string) => http.get<McpServerStats>(`${serverPath(id)}/stats`),
};

/** The outbound URL rules in force (admins). */
export const outboundPolicyApi = {
  get: () => http.get<OutboundPolicy>('/admin/outbound-policy'),
};
