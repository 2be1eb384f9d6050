import type { RunEvent } from '@agenthub/contracts';
import type { SseFraming } from '../common/sse.util.js';

const frame = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;

/** `/v1` streams in the exact OpenAI wire format: `data: {...}` chunks, then `data: [DONE]`. */
export const openAiFraming: SseFraming<string> = {
  frame: (text) => text,
  isLast: () => false,
  failure: frame({
    error: { message: 'The event stream failed', type: 'server_error', param: null, code: 'internal_error' },
  }),
  trailer: 'data: [DONE]\n\n',
};

export function toOpenAiUsage(usage: { promptTokens: number; completionTokens: number }) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

/**
 * A run's events as OpenAI `chat.completion.chunk` frames: a role chunk when the run starts, a
 * content chunk per token (and for a question the agent asks), an `error` object for a failure,
 * the `stop` chunk and, with `include_usage`, a usage chunk at `done`. Ends after `done`.
 */
export async function* openAiChunkFrames(
  events: AsyncIterable<RunEvent>,
  model: string,
  includeUsage: boolean,
): AsyncGenerator<string> {
  const created = Math.floor(Date.now() / 1000);
  let id = 'chatcmpl-';
  const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
    frame({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });
  for await (const event of events) {
    switch (event.type) {
      case 'run':
        id = `chatcmpl-${event.data.runId}`;
        yield chunk({ role: 'assistant', content: '' }, null);
        break;
      case 'message':
        yield chunk({ content: event.data.delta }, null);
        break;
      case 'interrupt':
        yield chunk({ content: event.data.prompt }, null);
        break;
      case 'error':
        yield frame({
          error: { message: event.data.message, type: 'server_error', param: null, code: event.data.code },
        });
        break;
      case 'done':
        yield chunk({}, 'stop');
        if (includeUsage)
          yield frame({
            id,
            object: 'chat.completion.chunk',
            created,
            model,
            choices: [],
            usage: toOpenAiUsage(event.data.usage),
          });
        return;
      default:
        // Steps, thoughts, tool calls and sources have no place in an OpenAI chunk.
        break;
    }
  }
}
