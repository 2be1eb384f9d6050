import type { McpTool, Page } from '@agenthub/contracts';
import { http } from './http-client';

/** The tools of the MCP servers the signed-in user may use (`/api/mcp-tools`). */
export const mcpToolsApi = {
  /** `server`: a server id or name. */
  list: (
    params: { server?: string; q?: string; page?: number; pageSize?: number } = {},
    signal?: AbortSignal,
  ) => http.get<Page<McpTool>>('/mcp-tools', { pageSize: 100, ...params }, { signal }),
};
