import { DynamicStructuredTool } from '@langchain/core/tools';
import type { ToolPort } from './tool.port.js';

/**
 * Exposes an engine tool (e.g. an MCP tool) as a LangChain tool, for LangChain agents or
 * prebuilt graphs that plug into the engine. Errors come back as text so the model can react.
 */
export function toLangChainTool(port: ToolPort, options: { timeoutMs?: number } = {}): DynamicStructuredTool {
  return new DynamicStructuredTool({
    name: port.name,
    description: port.description ?? port.name,
    schema: port.inputSchema,
    func: async (args: Record<string, unknown>, _runManager, config) => {
      const result = await port.call(args, { signal: config?.signal, timeoutMs: options.timeoutMs });
      return result.isError ? `Error: ${result.text}` : result.text;
    },
  });
}
