import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { interrupt } from '@langchain/langgraph';
import { EngineError } from '../engine-error.js';
import { guardedFetch } from '../security/guarded-fetch.util.js';
import { stringifyValue } from '../definition/state-path.util.js';
import { bool, optNum, optStr, str } from './config.util.js';
import type { Executor } from './executor.types.js';
import { humanInputOptions, notAChoiceMessage, resolveHumanInputReply } from './human-input.rules.js';

const MIB = 1024 * 1024;

export const templateExecutor: Executor = async (ctx) => ({
  output: ctx.render(str(ctx.config, 'template')),
});

export const answerExecutor: Executor = async (ctx) => {
  const text = ctx.render(str(ctx.config, 'text'));
  if (text) ctx.emit({ type: 'message', data: { delta: text, nodeId: ctx.node.id } });
  return { output: text, messages: [new AIMessage(text)] };
};

export const codeExecutor: Executor = async (ctx) => {
  const input = structuredClone({ input: ctx.scope.input, vars: ctx.scope.vars, nodes: ctx.scope.nodes });
  // Loaded on first use: the QuickJS wasm module is heavy and most workflows have no code node.
  const { runUserCode } = await import('../sandbox/code-sandbox.js');
  const output = await runUserCode(str(ctx.config, 'code'), input, {
    timeoutMs: optNum(ctx.config, 'timeLimitMs') ?? 1000,
    memoryBytes: (optNum(ctx.config, 'memoryLimitMb') ?? 64) * MIB,
    maxOutputBytes: ctx.codeOutputMaxBytes,
  });
  return { output };
};

export const httpRequestExecutor: Executor = async (ctx) => {
  const headers: Record<string, string> = {};
  const rawHeaders = ctx.config.headers;
  if (rawHeaders && typeof rawHeaders === 'object')
    for (const [k, v] of Object.entries(rawHeaders)) headers[k] = ctx.render(stringifyValue(v));
  const body = optStr(ctx.config, 'body');
  const response = await guardedFetch(ctx.render(str(ctx.config, 'url')), {
    method: optStr(ctx.config, 'method') ?? 'GET',
    headers,
    body: body !== undefined ? ctx.render(body) : undefined,
    signal: ctx.signal,
    ssrf: ctx.ssrf,
  });
  if (bool(ctx.config, 'failOnHttpError', true) && response.status >= 400)
    throw new EngineError(
      'http_status',
      `HTTP ${response.status} from ${ctx.render(str(ctx.config, 'url'))}`,
      { status: response.status },
    );
  const contentType = response.headers['content-type'] ?? '';
  let parsed: unknown = response.body;
  if (contentType.includes('json')) {
    try {
      parsed = JSON.parse(response.body);
    } catch {
      parsed = response.body;
    }
  }
  return { output: { status: response.status, headers: response.headers, body: parsed } };
};

/**
 * Pauses with LangGraph `interrupt()`. On resume the node runs again from the top and
 * `interrupt()` returns the reply, so nothing with side effects may come before it.
 */
export const humanInputExecutor: Executor = async (ctx) => {
  const prompt = ctx.render(str(ctx.config, 'prompt'));
  const options = humanInputOptions(ctx.config);
  const offered = options.choices.length
    ? { choices: options.choices, allowFreeText: options.allowFreeText }
    : {};
  const reply: unknown = interrupt({ nodeId: ctx.node.id, prompt, ...offered });
  const text = stringifyValue(reply);
  if (!options.choices.length)
    return { output: reply, messages: [new AIMessage(prompt), new HumanMessage(text)] };
  // The API refuses such replies before resuming; this guards callers that do not check.
  const resolved = resolveHumanInputReply(text, options);
  if (!resolved.ok) throw new EngineError('reply_not_a_choice', notAChoiceMessage(options));
  return { output: resolved.value, messages: [new AIMessage(prompt), new HumanMessage(text)] };
};
