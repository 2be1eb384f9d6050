import {
  createMcpToolResolver,
  type ResolveTools,
  type SsrfOptions,
  type ToolPort,
  type ToolSet,
} from '@agenthub/engine';
import type { McpServerSource } from './runtime.ports.js';

/**
 * Tools for a node from registered MCP servers (`mcp_servers`), one server per selection so
 * every call can be attributed to its server for the call statistics. The engine's resolver does
 * the connecting (SSRF-guarded), listing and closing.
 */
export function createRunToolResolver(
  source: McpServerSource,
  options: { ssrf: SsrfOptions; forUserId: string | null; onStatsError?: (err: unknown) => void },
): ResolveTools {
  return async (selection, { signal }) => {
    const sets: ToolSet[] = [];
    const close = async () => {
      await Promise.allSettled(sets.map((s) => s.close()));
    };
    try {
      const tools: ToolPort[] = [];
      for (const sel of selection) {
        const server = await source.resolveServer(sel.server, options.forUserId);
        const resolve = createMcpToolResolver({
          servers: () =>
            server ? { url: server.url, transport: server.transport, headers: server.headers } : undefined,
          ssrf: options.ssrf,
        });
        const set = await resolve([sel], signal);
        sets.push(set);
        for (const tool of set.tools) {
          tools.push(server?.id ? withCallStats(tool, server.id, source, options.onStatsError) : tool);
        }
      }
      return { tools, close };
    } catch (err) {
      await close();
      throw err;
    }
  };
}

function withCallStats(
  tool: ToolPort,
  serverId: string,
  source: McpServerSource,
  onStatsError?: (err: unknown) => void,
): ToolPort {
  const record = (ok: boolean, started: number) => {
    // Statistics must never slow down or fail the run.
    source
      .recordCall(serverId, tool.name, ok, Math.round(performance.now() - started))
      .catch((err) => onStatsError?.(err));
  };
  return {
    ...tool,
    async call(args, callOptions) {
      const started = performance.now();
      try {
        const result = await tool.call(args, callOptions);
        record(!result.isError, started);
        return result;
      } catch (err) {
        record(false, started);
        throw err;
      }
    },
  };
}
