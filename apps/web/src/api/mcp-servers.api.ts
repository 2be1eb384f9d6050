import type { McpServer, Page } from '@agenthub/contracts';
import { http } from './http-client';

/** Registered MCP servers the signed-in user may use (`/api/mcp-servers`). */
export const mcpServersApi = {
  list: (params: { q?: string; page?: number; pageSize?: number } = {}, signal?: AbortSignal) =>
    http.get<Page<McpServer>>('/mcp-servers', { pageSize: 100, ...params }, { signal }),
};
