import { AIMessage } from '@langchain/core/messages';
import type { ModelMessage } from '../models/model.port.js';
import { bool, optNum, optStr, str } from './config.util.js';
import type { Executor, NodeExecutionContext } from './executor.types.js';

/** System + (history) + rendered prompt, as every model-calling executor builds it. */
export function promptMessages(ctx: NodeExecutionContext, systemOverride?: string): ModelMessage[] {
  const system = systemOverride ?? optStr(ctx.config, 'system');
  const messages: ModelMessage[] = [];
  if (system) messages.push({ role: 'system', content: ctx.render(system) });
  if (bool(ctx.config, 'history', true)) messages.push(...ctx.history);
  messages.push({ role: 'user', content: ctx.render(str(ctx.config, 'prompt', '{{input}}')) });
  return messages;
}

/** Token sink: answer nodes stream `message` deltas, the others `thought`s. */
export function tokenSink(ctx: NodeExecutionContext, asAnswer: boolean): (token: string) => void {
  const nodeId = ctx.node.id;
  return asAnswer
    ? (delta) => ctx.emit({ type: 'message', data: { delta, nodeId } })
    : (content) => ctx.emit({ type: 'thought', data: { nodeId, content } });
}

export const llmExecutor: Executor = async (ctx) => {
  const model = await ctx.model();
  const asAnswer = bool(ctx.config, 'stream', false);
  const result = await model.stream(
    {
      messages: promptMessages(ctx),
      temperature: optNum(ctx.config, 'temperature'),
      maxTokens: optNum(ctx.config, 'maxTokens'),
    },
    { signal: ctx.signal, onToken: tokenSink(ctx, asAnswer) },
  );
  ctx.reportUsage(result.usage);
  return { output: result.text, messages: asAnswer ? [new AIMessage(result.text)] : undefined };
};
