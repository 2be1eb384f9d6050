/**
 * The engine's own model port. Executors only talk to this, so the implementation (openai SDK,
 * a LangChain chat model, the offline demo) is chosen by configuration and measurement.
 */
export interface ModelToolCall {
  id: string;
  name: string;
  arguments: Record<string, unknown>;
}

export type ModelMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: ModelToolCall[] }
  | { role: 'tool'; content: string; toolCallId: string; name?: string };

export interface ModelToolSpec {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters: Record<string, unknown>;
}

export interface ModelRequest {
  messages: ModelMessage[];
  tools?: ModelToolSpec[];
  temperature?: number;
  maxTokens?: number;
}

export interface ModelUsage {
  promptTokens: number;
  completionTokens: number;
  /** Set by ports that know their price; the API may also compute it from usage. */
  costUsd?: number;
}

export interface ModelResult {
  text: string;
  toolCalls: ModelToolCall[];
  usage: ModelUsage;
}

export interface ModelCallOptions {
  signal?: AbortSignal;
  /** Called for every text token as it arrives (never for the empty usage chunk). */
  onToken?: (token: string) => void;
}

export interface ModelPort {
  /** Label for traces, e.g. `openai_compatible:gpt-4o-mini` or `demo`. */
  readonly name: string;
  stream(request: ModelRequest, options?: ModelCallOptions): Promise<ModelResult>;
}

export const ZERO_USAGE: Readonly<ModelUsage> = Object.freeze({ promptTokens: 0, completionTokens: 0 });

export function parseToolArguments(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : { value: parsed };
  } catch {
    return { _raw: raw };
  }
}
