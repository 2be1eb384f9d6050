import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import {
  AIMessage,
  AIMessageChunk,
  HumanMessage,
  SystemMessage,
  ToolMessage,
  type BaseMessage,
} from '@langchain/core/messages';
import { ChatOpenAICompletions } from '@langchain/openai';
import { EngineError } from '../engine-error.js';
import type { OpenAICompatibleConfig } from './openai-sdk.model.js';
import type { ModelCallOptions, ModelMessage, ModelPort, ModelRequest, ModelResult } from './model.port.js';

export function toLangChainMessages(messages: ModelMessage[]): BaseMessage[] {
  return messages.map((m) => {
    switch (m.role) {
      case 'system':
        return new SystemMessage(m.content);
      case 'user':
        return new HumanMessage(m.content);
      case 'assistant':
        return new AIMessage({
          content: m.content,
          tool_calls: (m.toolCalls ?? []).map((c) => ({
            id: c.id,
            name: c.name,
            args: c.arguments,
            type: 'tool_call' as const,
          })),
        });
      case 'tool':
        return new ToolMessage({ content: m.content, tool_call_id: m.toolCallId, name: m.name });
    }
  });
}

function chunkText(content: AIMessageChunk['content']): string {
  if (typeof content === 'string') return content;
  return content
    .map((part) =>
      typeof part === 'object' && part && 'text' in part && typeof part.text === 'string' ? part.text : '',
    )
    .join('');
}

/** Adapts any LangChain chat model (ChatOpenAICompletions, Anthropic, fakes...) to the port. */
export class LangChainChatModel implements ModelPort {
  constructor(
    private readonly model: BaseChatModel,
    readonly name: string = `langchain:${model.getName()}`,
  ) {}

  async stream(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResult> {
    let runnable: Pick<BaseChatModel, 'stream'> = this.model;
    if (request.tools?.length) {
      if (!this.model.bindTools) throw new EngineError('model_error', `Model ${this.name} cannot call tools`);
      runnable = this.model.bindTools(
        request.tools.map((t) => ({
          type: 'function',
          function: { name: t.name, description: t.description ?? '', parameters: t.parameters },
        })),
      ) as unknown as Pick<BaseChatModel, 'stream'>;
    }
    let full: AIMessageChunk | undefined;
    try {
      // Callbacks are cleared so tokens are not also pushed through LangGraph's messages mode.
      const stream = await runnable.stream(toLangChainMessages(request.messages), {
        signal: options.signal,
        callbacks: [],
      });
      for await (const chunk of stream) {
        const text = chunkText(chunk.content);
        if (text) options.onToken?.(text);
        full = full ? full.concat(chunk) : chunk;
      }
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw new EngineError(
        'model_error',
        `Model call failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    const usage = full?.usage_metadata;
    return {
      text: full ? chunkText(full.content) : '',
      toolCalls: (full?.tool_calls ?? []).map((c, i) => ({
        id: c.id ?? `call_${i}`,
        name: c.name,
        arguments: c.args ?? {},
      })),
      usage: { promptTokens: usage?.input_tokens ?? 0, completionTokens: usage?.output_tokens ?? 0 },
    };
  }
}

/** The same provider config through LangChain's ChatOpenAICompletions (forces chat completions). */
export function createLangChainOpenAIModel(config: OpenAICompatibleConfig): LangChainChatModel {
  const model = new ChatOpenAICompletions({
    model: config.model,
    apiKey: config.apiKey || 'not-needed',
    configuration: { baseURL: config.baseURL, defaultHeaders: config.headers },
    streamUsage: config.streamUsage !== false,
    temperature: config.temperature,
    maxTokens: config.maxTokens,
    timeout: config.timeoutMs ?? 120_000,
    maxRetries: config.maxRetries ?? 1,
    modelKwargs: config.params,
  });
  return new LangChainChatModel(model, `openai_compatible:${config.model}`);
}
