import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { EngineError } from '../engine-error.js';
import {
  parseToolArguments,
  type ModelCallOptions,
  type ModelMessage,
  type ModelPort,
  type ModelRequest,
  type ModelResult,
  type ModelToolCall,
} from './model.port.js';

export interface OpenAICompatibleConfig {
  baseURL?: string;
  apiKey?: string;
  model: string;
  /** Ask for `stream_options.include_usage`; turn off for servers that reject it. Default true. */
  streamUsage?: boolean;
  temperature?: number;
  maxTokens?: number;
  /** Extra body parameters (top_p, seed, ...). */
  params?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Per request timeout; default 120 s. */
  timeoutMs?: number;
  /** SDK-level retries on 429/5xx; default 1. */
  maxRetries?: number;
}

export function toOpenAIMessages(messages: ModelMessage[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'assistant':
        return m.toolCalls?.length
          ? {
              role: 'assistant',
              content: m.content || null,
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: 'function' as const,
                function: { name: c.name, arguments: JSON.stringify(c.arguments) },
              })),
            }
          : { role: 'assistant', content: m.content };
      case 'tool':
        return { role: 'tool', content: m.content, tool_call_id: m.toolCallId };
      default:
        return { role: m.role, content: m.content };
    }
  });
}

/**
 * openai SDK streaming. Measured faster than ChatOpenAI inside LangGraph because tokens go
 * straight to the engine's writer instead of through LangChain's callback system.
 */
export class OpenAISdkModel implements ModelPort {
  readonly name: string;
  private readonly client: OpenAI;

  constructor(private readonly config: OpenAICompatibleConfig) {
    this.name = `openai_compatible:${config.model}`;
    this.client = new OpenAI({
      apiKey: config.apiKey || 'not-needed',
      baseURL: config.baseURL,
      timeout: config.timeoutMs ?? 120_000,
      maxRetries: config.maxRetries ?? 1,
      defaultHeaders: config.headers,
    });
  }

  async stream(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResult> {
    const tools: ChatCompletionTool[] | undefined = request.tools?.length
      ? request.tools.map((t) => ({
          type: 'function' as const,
          function: { name: t.name, description: t.description, parameters: t.parameters },
        }))
      : undefined;
    const temperature = request.temperature ?? this.config.temperature;
    const maxTokens = request.maxTokens ?? this.config.maxTokens;
    let text = '';
    const calls = new Map<number, { id: string; name: string; args: string }>();
    let usage = { promptTokens: 0, completionTokens: 0 };
    try {
      const stream = await this.client.chat.completions.create(
        {
          ...(this.config.params ?? {}),
          model: this.config.model,
          messages: toOpenAIMessages(request.messages),
          stream: true,
          ...(this.config.streamUsage === false ? {} : { stream_options: { include_usage: true } }),
          ...(tools ? { tools } : {}),
          ...(temperature !== undefined ? { temperature } : {}),
          ...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
        },
        { signal: options.signal },
      );
      for await (const chunk of stream) {
        if (chunk.usage) {
          usage = {
            promptTokens: chunk.usage.prompt_tokens ?? 0,
            completionTokens: chunk.usage.completion_tokens ?? 0,
          };
        }
        const delta = chunk.choices?.[0]?.delta;
        if (!delta) continue;
        if (delta.content) {
          text += delta.content;
          options.onToken?.(delta.content);
        }
        for (const tc of delta.tool_calls ?? []) {
          const slot = calls.get(tc.index) ?? { id: '', name: '', args: '' };
          if (tc.id) slot.id = tc.id;
          if (tc.function?.name) slot.name += tc.function.name;
          if (tc.function?.arguments) slot.args += tc.function.arguments;
          calls.set(tc.index, slot);
        }
      }
      // The SDK's stream iterator ends quietly on abort; a cut-off answer must not look complete.
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    } catch (err) {
      if (options.signal?.aborted) throw err;
      throw toModelError(err);
    }
    const toolCalls: ModelToolCall[] = [...calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([i, c]) => ({ id: c.id || `call_${i}`, name: c.name, arguments: parseToolArguments(c.args) }));
    return { text, toolCalls, usage };
  }
}

function toModelError(err: unknown): EngineError {
  if (err instanceof OpenAI.APIError) {
    return new EngineError(
      'model_error',
      `Model provider returned ${err.status ?? 'an error'}: ${err.message}`,
      { status: err.status },
    );
  }
  return new EngineError(
    'model_error',
    `Model call failed: ${err instanceof Error ? err.message : String(err)}`,
  );
}
