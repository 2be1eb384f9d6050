/** Where an MCP client reaches AgentHub (the API serves the web app, so the page's origin). */
export interface McpUrls {
  /** Every agent of the caller's library (streamable HTTP). */
  all: string;
  /** This agent alone (streamable HTTP). */
  agent: string;
  /** This agent over the legacy SSE transport, for older clients. */
  agentSse: string;
}

export function mcpUrls(origin: string, slug: string): McpUrls {
  const base = origin.replace(/\/+$/, '');
  const agent = `${base}/mcp/agents/${encodeURIComponent(slug)}`;
  return { all: `${base}/mcp`, agent, agentSse: `${agent}/sse` };
}

/** A server name for the client's config: letters, digits, `-` and `_`, prefixed `agenthub-`. */
export function mcpServerName(slug: string): string {
  const clean = slug.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return clean ? `agenthub-${clean}` : 'agenthub';
}

/** Stands for the key in the copied config (code, not translated: clients read it as is). */
export const API_KEY_PLACEHOLDER = '<your API key>';

/**
 * The `mcpServers` entry Claude Desktop, Cursor and most MCP clients read, with the API key as a
 * placeholder (never a real key: the page does not know it, and a copied snippet is shared).
 */
export function mcpConfigSnippet(name: string, url: string, apiKeyPlaceholder = API_KEY_PLACEHOLDER): string {
  return JSON.stringify(
    { mcpServers: { [name]: { url, headers: { Authorization: `Bearer ${apiKeyPlaceholder}` } } } },
    null,
    2,
  );
}
