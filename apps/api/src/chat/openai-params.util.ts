import type { OpenAiChatRequest } from '@agenthub/contracts';
import { DomainError } from '../common/domain-error.js';
import type { ModelParams } from '../runtime/workflow-execution.entity.js';

type Body = OpenAiChatRequest & Record<string, unknown>;

const isSet = (v: unknown) => v !== undefined && v !== null;

/**
 * OpenAI request parameters an agent run cannot honour, each with the test for "sent with a value
 * other than the default". Parameters not listed (and not handled in {@link openAiModelParams})
 * are ignored: `user`, `metadata`, `store`, `service_tier`, `parallel_tool_calls` and vendor extras.
 */
const UNSUPPORTED: ReadonlyArray<[string, (v: unknown) => boolean, string]> = [
  ['n', (v) => isSet(v) && v !== 1, 'Only one choice (n = 1) is produced'],
  ['tools', (v) => Array.isArray(v) && v.length > 0, "The agent's workflow decides which tools it uses"],
  [
    'tool_choice',
    (v) => isSet(v) && v !== 'none' && v !== 'auto',
    "The agent's workflow decides which tools it uses",
  ],
  ['functions', (v) => Array.isArray(v) && v.length > 0, "The agent's workflow decides which tools it uses"],
  [
    'function_call',
    (v) => isSet(v) && v !== 'none' && v !== 'auto',
    "The agent's workflow decides which tools it uses",
  ],
  ['logprobs', (v) => v === true, 'Log probabilities are not available'],
  ['top_logprobs', (v) => isSet(v) && v !== 0, 'Log probabilities are not available'],
  [
    'response_format',
    (v) => isSet(v) && (v as { type?: unknown }).type !== 'text',
    'Only text responses are produced',
  ],
  ['logit_bias', (v) => isSet(v) && Object.keys(v as object).length > 0, 'Logit bias is not supported'],
  ['presence_penalty', (v) => isSet(v) && v !== 0, 'Penalties are not supported'],
  ['frequency_penalty', (v) => isSet(v) && v !== 0, 'Penalties are not supported'],
  ['seed', isSet, 'Deterministic sampling is not supported'],
  [
    'modalities',
    (v) => isSet(v) && !(Array.isArray(v) && v.every((m) => m === 'text')),
    'Only text is produced',
  ],
  ['audio', isSet, 'Only text is produced'],
  ['prediction', isSet, 'Predicted outputs are not supported'],
  ['reasoning_effort', isSet, "The agent's model settings decide reasoning"],
  ['web_search_options', isSet, 'The agent decides which tools it uses'],
];

/** 400 `unsupported_parameter` (with every offending field) for parameters we cannot honour. */
export function assertSupportedOpenAiParams(body: Body): void {
  const details = UNSUPPORTED.filter(([field, unsupported]) => unsupported(body[field])).map(
    ([field, , message]) => ({ path: `body.${field}`, code: 'unsupported_parameter', message }),
  );
  if (details.length > 0)
    throw new DomainError(
      400,
      'unsupported_parameter',
      'The request uses parameters this API does not support',
      details,
    );
}

/**
 * The model parameters of a `/v1` run: the agent version's own parameters, replaced by the
 * request's `temperature`, `top_p` and `stop`; `max_tokens` (or `max_completion_tokens`) is
 * clamped to the agent's `maxTokens` when the agent sets one — the agent's cost ceiling.
 * Ranges (temperature 0–2, top_p 0–1, max_tokens ≥ 1, ≤ 4 stop strings) are checked by the
 * contract schema, so an out-of-range value is a 400 with its field before this runs.
 */
export function openAiModelParams(body: Body, agentParams: ModelParams): ModelParams {
  const out: ModelParams = { ...agentParams };
  if (isSet(body.temperature)) out.temperature = body.temperature!;
  if (isSet(body.top_p)) out.topP = body.top_p!;
  const asked = [body.max_tokens, body.max_completion_tokens].filter(
    (v): v is number => typeof v === 'number',
  );
  if (asked.length > 0) {
    const requested = Math.min(...asked);
    out.maxTokens =
      agentParams.maxTokens !== undefined ? Math.min(requested, agentParams.maxTokens) : requested;
  }
  if (isSet(body.stop)) out.stop = typeof body.stop === 'string' ? [body.stop] : [...body.stop!];
  return out;
}
