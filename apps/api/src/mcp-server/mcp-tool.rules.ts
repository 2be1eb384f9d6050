import type { VariableDefinition } from '@agenthub/contracts';

/**
 * Pure rules of the MCP server endpoint: how an installed agent becomes an MCP tool (name, input
 * schema), how a tool call's arguments are read, and how a run's outcome becomes a tool result.
 * No Nest, no database: unit-tested beside this file.
 */

/** An installed agent as the MCP endpoint sees it. */
export interface CallableAgent {
  agentId: string;
  slug: string;
  name: string;
  description: string | null;
  /** The workflow variables of the agent's current published version (its declared inputs). */
  variables: Record<string, VariableDefinition>;
}

export interface AgentTool {
  name: string;
  title: string;
  description: string;
  inputSchema: { type: 'object'; properties: Record<string, object>; required: string[] };
  agent: CallableAgent;
}

/** MCP tool names: 1–128 characters out of `A-Z a-z 0-9 _ - .` (spec 2025-11-25, "Tool names"). */
export const TOOL_NAME_MAX = 128;
const TOOL_NAME_INVALID = /[^A-Za-z0-9_.-]/g;

/** The tool name of a slug: invalid characters become `_`, cut to the length limit. */
export function toolNameOf(slug: string): string {
  const name = slug.replace(TOOL_NAME_INVALID, '_').slice(0, TOOL_NAME_MAX);
  return name || 'agent';
}

/** Argument names the endpoint itself uses; a workflow variable with one of these names is not exposed. */
export const RESERVED_ARGUMENTS = ['message', 'conversationId'] as const;

const JSON_TYPE: Record<VariableDefinition['type'], string | undefined> = {
  string: 'string',
  number: 'number',
  boolean: 'boolean',
  // Any JSON value: no type constraint.
  json: undefined,
};

/** `{ message, conversationId? }`, plus the workflow's declared variables as optional arguments. */
export function inputSchemaOf(agent: CallableAgent): AgentTool['inputSchema'] {
  const properties: Record<string, object> = {
    message: { type: 'string', minLength: 1, description: `Your message to ${agent.name}` },
    conversationId: {
      type: 'string',
      description:
        'Continue an earlier conversation: the conversationId returned by a previous call of this tool. ' +
        'Leave it out to start a new conversation.',
    },
  };
  for (const [name, v] of Object.entries(agent.variables)) {
    if ((RESERVED_ARGUMENTS as readonly string[]).includes(name)) continue;
    const type = JSON_TYPE[v.type];
    properties[name] = {
      ...(type ? { type } : {}),
      ...(v.description ? { description: v.description } : {}),
      ...(v.default !== undefined ? { default: v.default } : {}),
    };
  }
  return { type: 'object', properties, required: ['message'] };
}

/** One tool per agent, names unique (a clash after sanitising gets a numeric suffix). */
export function toolsOf(agents: CallableAgent[]): AgentTool[] {
  const taken = new Set<string>();
  return [...agents]
    .sort((a, b) => a.slug.localeCompare(b.slug))
    .map((agent) => {
      const base = toolNameOf(agent.slug);
      let name = base;
      for (let i = 2; taken.has(name); i++) {
        const suffix = `_${i}`;
        name = base.slice(0, TOOL_NAME_MAX - suffix.length) + suffix;
      }
      taken.add(name);
      return {
        name,
        title: agent.name,
        description: agent.description?.trim() || `Chat with the AgentHub agent "${agent.name}".`,
        inputSchema: inputSchemaOf(agent),
        agent,
      };
    });
}

export interface ArgumentProblem {
  path: string;
  code: string;
  message: string;
}

/** Values of workflow variables (JSON values; `undefined` is never among them). */
export type VarValues = Record<string, string | number | boolean | object | null>;

export interface ToolArguments {
  message: string;
  conversationId?: string;
  vars: VarValues;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads and checks a call's arguments against the tool's schema; every problem is listed. */
export function parseArguments(
  agent: CallableAgent,
  args: Record<string, unknown> | undefined,
): { ok: true; value: ToolArguments } | { ok: false; problems: ArgumentProblem[] } {
  const input = args ?? {};
  const problems: ArgumentProblem[] = [];
  const { message, conversationId } = input;
  if (typeof message !== 'string' || message.trim() === '')
    problems.push({
      path: 'arguments.message',
      code: 'required',
      message: 'message must be a non-empty string',
    });
  if (conversationId !== undefined && (typeof conversationId !== 'string' || !UUID.test(conversationId)))
    problems.push({
      path: 'arguments.conversationId',
      code: 'invalid_conversation_id',
      message: 'conversationId must be the id a previous call returned',
    });
  const vars: VarValues = {};
  for (const [name, def] of Object.entries(agent.variables)) {
    if ((RESERVED_ARGUMENTS as readonly string[]).includes(name) || input[name] === undefined) continue;
    const type = JSON_TYPE[def.type];
    if (type && typeof input[name] !== type)
      problems.push({
        path: `arguments.${name}`,
        code: 'invalid_type',
        message: `${name} must be a ${type}`,
      });
    else vars[name] = input[name] as VarValues[string];
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: {
      message: message as string,
      ...(typeof conversationId === 'string' ? { conversationId } : {}),
      vars,
    },
  };
}

/** What a run ended with, collected from its events. */
export interface RunOutcome {
  runId: string;
  conversationId: string;
  status: 'completed' | 'failed' | 'cancelled' | 'paused';
  text: string;
  /** The prompt of the `human_input` node a paused run waits at. */
  prompt?: string;
  error?: { code: string; message: string };
  usage?: { promptTokens: number; completionTokens: number; costUsd: number };
}

export interface ToolResult {
  [key: string]: unknown;
  content: Array<{ type: 'text'; text: string }>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  _meta?: Record<string, unknown>;
}

/** `_meta` keys of our results (MCP reserves unprefixed names; ours carry a vendor prefix). */
export const META = {
  conversationId: 'agenthub/conversationId',
  runId: 'agenthub/runId',
  status: 'agenthub/status',
  error: 'agenthub/error',
  usage: 'agenthub/usage',
} as const;

/** An answer that is one JSON object is the agent's structured output. */
export function structuredOutputOf(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function continueHint(toolName: string, conversationId: string): string {
  return `conversationId: ${conversationId} (pass it to ${toolName} as conversationId to continue this conversation)`;
}

/** The tool result of a run: the answer, a "needs input" request, or a tool error with our code. */
export function toolResultOf(toolName: string, outcome: RunOutcome): ToolResult {
  const meta: Record<string, unknown> = {
    [META.conversationId]: outcome.conversationId,
    [META.runId]: outcome.runId,
    [META.status]: outcome.status === 'paused' ? 'needs_input' : outcome.status,
    ...(outcome.usage ? { [META.usage]: outcome.usage } : {}),
  };
  if (outcome.status === 'failed' || outcome.status === 'cancelled') {
    const error = outcome.error ?? {
      code: outcome.status === 'cancelled' ? 'cancelled' : 'run_failed',
      message: outcome.status === 'cancelled' ? 'The run was cancelled' : 'The agent run failed',
    };
    return {
      isError: true,
      content: [
        { type: 'text', text: `${error.code}: ${error.message}` },
        { type: 'text', text: continueHint(toolName, outcome.conversationId) },
      ],
      _meta: { ...meta, [META.error]: error },
    };
  }
  if (outcome.status === 'paused') {
    const asked = outcome.prompt ?? 'The agent is waiting for your reply.';
    const text = [
      outcome.text.trim(),
      `The agent needs input: ${asked}`,
      `To continue, call ${toolName} again with conversationId "${outcome.conversationId}" and your reply as message.`,
    ]
      .filter(Boolean)
      .join('\n\n');
    return { content: [{ type: 'text', text }], _meta: meta };
  }
  const structured = structuredOutputOf(outcome.text);
  return {
    content: [
      { type: 'text', text: outcome.text },
      { type: 'text', text: continueHint(toolName, outcome.conversationId) },
    ],
    ...(structured ? { structuredContent: structured } : {}),
    _meta: meta,
  };
}

/** A refusal before or instead of a run (quota, rate limit, a chat of another agent…) as a tool error. */
export function toolErrorOf(
  error: { code: string; message: string; status?: number; details?: ArgumentProblem[] },
  conversationId?: string,
): ToolResult {
  const details = error.details?.length
    ? `: ${error.details.map((d) => `${d.path}: ${d.message}`).join('; ')}`
    : '';
  return {
    isError: true,
    content: [{ type: 'text', text: `${error.code}: ${error.message}${details}` }],
    _meta: {
      [META.error]: {
        code: error.code,
        message: error.message,
        ...(error.status ? { statusCode: error.status } : {}),
        ...(error.details?.length ? { details: error.details } : {}),
      },
      ...(conversationId ? { [META.conversationId]: conversationId } : {}),
    },
  };
}
