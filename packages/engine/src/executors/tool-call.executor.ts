import { renderDeep } from '../definition/template-render.util.js';
import { EngineError } from '../engine-error.js';
import { optNum, str } from './config.util.js';
import type { Executor } from './executor.types.js';

export const toolCallExecutor: Executor = async (ctx) => {
  const server = str(ctx.config, 'server');
  const name = str(ctx.config, 'tool');
  const args = renderDeep(ctx.config.args ?? {}, { ...ctx.scope }) as Record<string, unknown>;
  const toolSet = await ctx.tools([{ server, tools: [name] }]);
  try {
    const tool = toolSet.tools.find((t) => t.name === name);
    if (!tool) throw new EngineError('tool_not_found', `MCP server "${server}" has no tool "${name}"`);
    ctx.emit({ type: 'tool', data: { nodeId: ctx.node.id, name, args, status: 'started' } });
    let result;
    try {
      result = await tool.call(args, { signal: ctx.signal, timeoutMs: optNum(ctx.config, 'toolTimeoutMs') });
    } catch (err) {
      ctx.emit({
        type: 'tool',
        data: { nodeId: ctx.node.id, name, args, status: 'failed', result: (err as Error).message },
      });
      throw err;
    }
    ctx.emit({
      type: 'tool',
      data: {
        nodeId: ctx.node.id,
        name,
        args,
        status: result.isError ? 'failed' : 'finished',
        result: result.text,
      },
    });
    if (result.isError) throw new EngineError('tool_error', `Tool "${name}" failed: ${result.text}`);
    return { output: result.text };
  } finally {
    await toolSet.close();
  }
};
