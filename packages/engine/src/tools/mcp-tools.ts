import { EngineError } from '../engine-error.js';
import type { SsrfOptions } from '../security/ssrf.util.js';
import { McpConnection, type McpServerRef } from './mcp-client.js';
import type { ToolPort, ToolSelection, ToolSet } from './tool.port.js';

export interface McpToolResolverOptions {
  /** Server name (as used in node configs) → connection details; a function lets the API look up `mcp_servers`. */
  servers:
    | Record<string, McpServerRef>
    | ((name: string) => McpServerRef | undefined | Promise<McpServerRef | undefined>);
  ssrf?: SsrfOptions;
  /** Connect/list timeout; default 15 s. */
  connectTimeoutMs?: number;
  /** Default per-call timeout; default 60 s. */
  callTimeoutMs?: number;
}

/**
 * Resolves MCP tools for one node execution: one connection per server, closed when the node
 * is done, so nothing leaks between runs and a restarted server is simply reconnected.
 */
export function createMcpToolResolver(options: McpToolResolverOptions) {
  const lookup = async (name: string): Promise<McpServerRef | undefined> =>
    typeof options.servers === 'function' ? options.servers(name) : options.servers[name];

  return async function resolveTools(selection: ToolSelection[], signal?: AbortSignal): Promise<ToolSet> {
    const connections: McpConnection[] = [];
    const close = async () => {
      await Promise.allSettled(connections.map((c) => c.close()));
    };
    try {
      const tools: ToolPort[] = [];
      for (const sel of selection) {
        const ref = await lookup(sel.server);
        if (!ref) throw new EngineError('tool_not_found', `MCP server "${sel.server}" is not configured`);
        const conn = await McpConnection.connect(ref, {
          timeoutMs: options.connectTimeoutMs ?? 15_000,
          ssrf: options.ssrf,
          signal,
        });
        connections.push(conn);
        const listed = await conn.listTools();
        const wanted = sel.tools?.length ? new Set(sel.tools) : undefined;
        for (const info of listed) {
          if (wanted && !wanted.has(info.name)) continue;
          tools.push({
            name: info.name,
            description: info.description,
            inputSchema: info.inputSchema,
            call: async (args, callOptions) => {
              const result = await conn.callTool(info.name, args, {
                signal: callOptions.signal,
                timeoutMs: callOptions.timeoutMs ?? options.callTimeoutMs ?? 60_000,
              });
              return { isError: result.isError, text: result.text };
            },
          });
        }
        if (wanted) {
          for (const name of wanted)
            if (!listed.some((t) => t.name === name))
              throw new EngineError('tool_not_found', `MCP server "${sel.server}" has no tool "${name}"`);
        }
      }
      return { tools, close };
    } catch (err) {
      await close();
      throw err;
    }
  };
}
