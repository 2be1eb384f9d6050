import type {
  ModelCallOptions,
  ModelMessage,
  ModelPort,
  ModelRequest,
  ModelResult,
  ModelToolSpec,
} from './model.port.js';

export interface DemoModelOptions {
  /** Pause between streamed words; default 15 ms so the UI visibly streams. */
  tokenDelayMs?: number;
}

export const DEMO_LABEL = '[Offline demo model]';

/**
 * The offline `demo` provider: deterministic, no network, so a fresh install answers sensibly.
 *
 * Rules (documented in the README):
 * - Classification: when the system prompt has a `Labels: a | b | c` line (the classifier node
 *   writes one), it answers with the first label that appears in the user text, else the first.
 * - Tools: when tools are offered and no tool result follows the last user message, it calls
 *   the first tool whose name appears in the user text (else the first tool) once, filling
 *   every string argument the schema requires with the user text. Once a tool result is there,
 *   it answers with that result.
 * - Otherwise it restates the question, says it is the offline demo model and how to configure a
 *   real provider (the README's "Providers" section). Tokens stream word by word; usage counts words.
 * - Multi-step workflows feed one step's answer into the next step's prompt. A prompt that already
 *   holds a demo answer gets a one-line reply about the original question, so answers never nest
 *   and the explanation is given once per run.
 */
export class DemoModel implements ModelPort {
  readonly name = 'demo';
  constructor(private readonly options: DemoModelOptions = {}) {}

  async stream(request: ModelRequest, options: ModelCallOptions = {}): Promise<ModelResult> {
    const system = request.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n');
    const lastUserIndex = findLastIndex(request.messages, (m) => m.role === 'user');
    const prompt = lastUserIndex >= 0 ? request.messages[lastUserIndex].content : '';
    const question = originalQuestion(prompt);
    const laterStep = prompt.includes(DEMO_LABEL);
    const after = request.messages.slice(lastUserIndex + 1);
    const toolResults = after.filter((m): m is Extract<ModelMessage, { role: 'tool' }> => m.role === 'tool');
    const promptTokens = countWords(request.messages.map((m) => m.content).join(' '));

    const labels = /^Labels:\s*(.+)$/m.exec(system)?.[1];
    if (labels) {
      const options_ = labels
        .split('|')
        .map((l) => l.trim())
        .filter(Boolean);
      const lower = question.toLowerCase();
      const label = options_.find((l) => lower.includes(l.toLowerCase())) ?? options_[0] ?? '';
      return this.emit(label, promptTokens, options);
    }

    if (request.tools?.length && toolResults.length === 0) {
      const tool = pickTool(request.tools, question);
      return {
        text: '',
        toolCalls: [{ id: 'demo_call_1', name: tool.name, arguments: demoArguments(tool, question) }],
        usage: { promptTokens, completionTokens: 1 },
      };
    }

    const text = toolResults.length
      ? `${DEMO_LABEL} I used ${toolResults.map((t) => `the "${t.name ?? 'tool'}" tool`).join(' and ')} for "${oneLine(question)}". Result: ${toolResults.map((t) => t.content).join('\n')}`
      : laterStep
        ? `${DEMO_LABEL} Another step on "${oneLine(question)}", also answered offline.`
        : `${DEMO_LABEL} You asked: "${oneLine(question)}". I am AgentHub's built-in offline demo model, so I cannot really answer yet. ` +
          'To get real answers, add an OpenAI-compatible provider (base URL, API key, model; see "Providers" in the README) ' +
          'and make it the default LLM service, or select it for this node in the Studio.';
    return this.emit(text, promptTokens, options);
  }

  private async emit(text: string, promptTokens: number, options: ModelCallOptions): Promise<ModelResult> {
    const delay = this.options.tokenDelayMs ?? 15;
    const tokens = text.match(/\S+\s*|\s+/g) ?? [];
    for (const token of tokens) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      if (delay > 0) await sleep(delay, options.signal);
      options.onToken?.(token);
    }
    return { text, toolCalls: [], usage: { promptTokens, completionTokens: tokens.length } };
  }
}

function pickTool(tools: ModelToolSpec[], question: string): ModelToolSpec {
  const lower = question.toLowerCase();
  return tools.find((t) => lower.includes(t.name.toLowerCase())) ?? tools[0];
}

function demoArguments(tool: ModelToolSpec, question: string): Record<string, unknown> {
  const props = (tool.parameters.properties ?? {}) as Record<string, { type?: string }>;
  const required = Array.isArray(tool.parameters.required)
    ? (tool.parameters.required as string[])
    : Object.keys(props);
  const numbers = (question.match(/-?\d+(?:\.\d+)?/g) ?? []).map(Number);
  const args: Record<string, unknown> = {};
  for (const name of required) {
    const type = props[name]?.type;
    if (type === 'number' || type === 'integer') args[name] = numbers.shift() ?? 0;
    else if (type === 'boolean') args[name] = false;
    else args[name] = question;
  }
  return args;
}

/**
 * The user's own words in a prompt that may embed earlier demo answers: the question the first
 * embedded demo answer restated, else the text before it.
 */
function originalQuestion(prompt: string): string {
  const at = prompt.indexOf(DEMO_LABEL);
  if (at === -1) return prompt;
  const asked =
    /You asked: "([\s\S]*?)"\. I am AgentHub/.exec(prompt) ??
    /Another step on "([\s\S]*?)", also/.exec(prompt);
  return asked?.[1] ?? prompt.slice(0, at).trim();
}

function findLastIndex<T>(items: T[], pred: (t: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (pred(items[i])) return i;
  return -1;
}

function countWords(text: string): number {
  return (text.match(/\S+/g) ?? []).length;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
