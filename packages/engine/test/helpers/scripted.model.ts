import type { ModelCallOptions, ModelPort, ModelRequest, ModelResult } from '../../src/models/model.port.js';

export type Script = (request: ModelRequest, call: number) => Partial<ModelResult> & { delayMs?: number };

/** A model port driven by a function, recording every request it sees. */
export class ScriptedModel implements ModelPort {
  readonly name = 'scripted';
  readonly requests: ModelRequest[] = [];
  constructor(private readonly script: Script) {}

  async stream(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResult> {
    this.requests.push(request);
    const out = this.script(request, this.requests.length);
    if (out.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(resolve, out.delayMs);
        options.signal?.addEventListener('abort', () => {
          clearTimeout(t);
          reject(options.signal?.reason ?? new Error('aborted'));
        });
      });
    }
    const text = out.text ?? '';
    for (const word of text.match(/\S+\s*/g) ?? []) options.onToken?.(word);
    return {
      text,
      toolCalls: out.toolCalls ?? [],
      usage: out.usage ?? { promptTokens: 3, completionTokens: 2 },
    };
  }
}

export function lastUserText(request: ModelRequest): string {
  const users = request.messages.filter((m) => m.role === 'user');
  return users[users.length - 1]?.content ?? '';
}
