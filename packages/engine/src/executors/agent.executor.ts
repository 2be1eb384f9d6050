import { AIMessage } from '@langchain/core/messages';
import { EngineError, errorMessageOf } from '../engine-error.js';
import type { ModelMessage, ModelToolSpec } from '../models/model.port.js';
import type { ToolSelection } from '../tools/tool.port.js';
import { bool, optNum } from './config.util.js';
import type { Executor } from './executor.types.js';
import { promptMessages, tokenSink } from './llm.executor.js';

const MAX_RESULT_CHARS = 20_000;

/**
 * Tool-calling loop: the model sees the node's tools, each requested call runs and its result is
 * fed back, until the model answers without calling a tool or `maxIterations` is reached.
 * A failing tool is reported to the model as an error result, so it can recover.
 */
export const agentExecutor: Executor = async (ctx) => {
  const selection = (Array.isArray(ctx.config.tools) ? ctx.config.tools : []) as ToolSelection[];
  const maxIterations = optNum(ctx.config, 'maxIterations') ?? 10;
  const toolTimeoutMs = optNum(ctx.config, 'toolTimeoutMs');
  const asAnswer = bool(ctx.config, 'stream', true);
  const model = await ctx.model();
  const toolSet = await ctx.tools(selection);
  try {
    const specs: ModelToolSpec[] = toolSet.tools.map((t) => ({
      name: t.name,
      description: t.description,
      parameters: t.inputSchema,
    }));
    const messages: ModelMessage[] = promptMessages(ctx);
    const onToken = tokenSink(ctx, asAnswer);
    for (let iteration = 0; iteration < maxIterations; iteration++) {
      const result = await model.stream(
        {
          messages,
          tools: specs.length ? specs : undefined,
          temperature: optNum(ctx.config, 'temperature'),
          maxTokens: optNum(ctx.config, 'maxTokens'),
        },
        { signal: ctx.signal, onToken },
      );
      ctx.reportUsage(result.usage);
      if (result.toolCalls.length === 0) {
        return { output: result.text, messages: asAnswer ? [new AIMessage(result.text)] : undefined };
      }
      messages.push({ role: 'assistant', content: result.text, toolCalls: result.toolCalls });
      for (const call of result.toolCalls) {
        const tool = toolSet.tools.find((t) => t.name === call.name);
        ctx.emit({
          type: 'tool',
          data: { nodeId: ctx.node.id, name: call.name, args: call.arguments, status: 'started' },
        });
        let content: string;
        if (!tool) {
          content = `Error: there is no tool named "${call.name}"`;
          ctx.emit({
            type: 'tool',
            data: {
              nodeId: ctx.node.id,
              name: call.name,
              args: call.arguments,
              status: 'failed',
              result: content,
            },
          });
        } else {
          try {
            const out = await tool.call(call.arguments, { signal: ctx.signal, timeoutMs: toolTimeoutMs });
            content = out.isError ? `Error: ${out.text}` : out.text;
            ctx.emit({
              type: 'tool',
              data: {
                nodeId: ctx.node.id,
                name: call.name,
                args: call.arguments,
                status: out.isError ? 'failed' : 'finished',
                result: out.text,
              },
            });
          } catch (err) {
            if (ctx.signal.aborted) throw err;
            content = `Error: ${errorMessageOf(err)}`;
            ctx.emit({
              type: 'tool',
              data: {
                nodeId: ctx.node.id,
                name: call.name,
                args: call.arguments,
                status: 'failed',
                result: errorMessageOf(err),
              },
            });
          }
        }
        messages.push({
          role: 'tool',
          content: content.slice(0, MAX_RESULT_CHARS),
          toolCallId: call.id,
          name: call.name,
        });
      }
    }
    throw new EngineError(
      'agent_max_iterations',
      `Agent stopped after ${maxIterations} iterations without a final answer`,
    );
  } finally {
    await toolSet.close();
  }
};
