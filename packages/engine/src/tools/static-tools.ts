import { EngineError } from '../engine-error.js';
import type { ToolPort, ToolSelection, ToolSet } from './tool.port.js';

/** In-memory tools for tests and built-in utilities. */
export function staticToolResolver(byServer: Record<string, ToolPort[]>) {
  return async function resolveTools(selection: ToolSelection[]): Promise<ToolSet> {
    const tools: ToolPort[] = [];
    for (const sel of selection) {
      const serverTools = byServer[sel.server];
      if (!serverTools)
        throw new EngineError('tool_not_found', `MCP server "${sel.server}" is not configured`);
      const wanted = sel.tools?.length ? new Set(sel.tools) : undefined;
      for (const name of wanted ?? [])
        if (!serverTools.some((t) => t.name === name))
          throw new EngineError('tool_not_found', `MCP server "${sel.server}" has no tool "${name}"`);
      tools.push(...serverTools.filter((t) => !wanted || wanted.has(t.name)));
    }
    return { tools, close: async () => undefined };
  };
}
