import type { ExecutorKind, NodeTypeDescriptor } from '@agenthub/contracts';

/** JSON Schema fragments shared by several kinds. */
const temperature = { type: 'number', minimum: 0, maximum: 2, description: 'Sampling temperature.' };
const maxTokens = { type: 'integer', minimum: 1, maximum: 200_000, description: 'Completion token cap.' };
const textOutput = { type: 'string' };

/**
 * One node type per executor kind, seeded into `node_types` by the API. Admin-made node types
 * specialise a kind with their own schema and defaults. Config schemas describe `config` without
 * the per-node policies (`timeoutMs`, `retry`, `onError`), which every node accepts.
 */
export const BUILTIN_NODE_TYPES: readonly NodeTypeDescriptor[] = [
  {
    typeName: 'llm',
    kind: 'llm',
    displayName: 'LLM',
    description:
      'Calls the chat model with a system prompt and a templated prompt. With `stream: true` its tokens are the answer shown to the user; otherwise they are intermediate thoughts.',
    category: 'ai',
    tags: ['model', 'prompt'],
    icon: 'chat',
    inputSchema: {
      type: 'object',
      properties: {
        system: { type: 'string', maxLength: 20_000 },
        prompt: { type: 'string', minLength: 1, maxLength: 50_000 },
        history: { type: 'boolean', description: 'Send the chat history before the prompt.' },
        stream: { type: 'boolean', description: 'Stream tokens to the user as the answer.' },
        temperature,
        maxTokens,
      },
      required: ['prompt'],
    },
    outputSchema: textOutput,
    requiredServices: ['llm'],
    defaultConfig: { prompt: '{{input}}', history: true, stream: false },
  },
  {
    typeName: 'agent',
    kind: 'agent',
    displayName: 'Tool-using agent',
    description: 'Lets the model call MCP tools in a loop until it answers or reaches `maxIterations`.',
    category: 'ai',
    tags: ['model', 'tools', 'mcp'],
    icon: 'robot',
    inputSchema: {
      type: 'object',
      properties: {
        system: { type: 'string', maxLength: 20_000 },
        prompt: { type: 'string', minLength: 1, maxLength: 50_000 },
        history: { type: 'boolean' },
        stream: { type: 'boolean' },
        tools: {
          type: 'array',
          description: 'MCP servers (by name) and optionally which of their tools to expose.',
          items: {
            type: 'object',
            properties: {
              server: { type: 'string', minLength: 1 },
              tools: { type: 'array', items: { type: 'string', minLength: 1 } },
            },
            required: ['server'],
          },
        },
        maxIterations: { type: 'integer', minimum: 1, maximum: 50 },
        toolTimeoutMs: { type: 'integer', minimum: 100, maximum: 600_000 },
        temperature,
        maxTokens,
      },
      required: ['prompt'],
    },
    outputSchema: textOutput,
    requiredServices: ['llm'],
    defaultConfig: { prompt: '{{input}}', history: true, stream: true, tools: [], maxIterations: 10 },
  },
  {
    typeName: 'tool_call',
    kind: 'tool_call',
    displayName: 'Tool call',
    description: 'Calls one MCP tool with templated JSON arguments; the tool result becomes the output.',
    category: 'tools',
    tags: ['tools', 'mcp'],
    icon: 'tool',
    inputSchema: {
      type: 'object',
      properties: {
        server: { type: 'string', minLength: 1 },
        tool: { type: 'string', minLength: 1 },
        args: { type: 'object' },
        toolTimeoutMs: { type: 'integer', minimum: 100, maximum: 600_000 },
      },
      required: ['server', 'tool'],
    },
    outputSchema: textOutput,
    requiredServices: [],
    defaultConfig: { args: {} },
  },
  {
    typeName: 'classifier',
    kind: 'classifier',
    displayName: 'Classifier',
    description:
      'Asks the model to pick exactly one label; route on `nodes.<id>.output` with a switch edge. An answer outside the labels falls back to `default` or fails with `classifier_no_label`.',
    category: 'ai',
    tags: ['model', 'routing'],
    icon: 'branch',
    inputSchema: {
      type: 'object',
      properties: {
        labels: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1, maxItems: 50 },
        prompt: { type: 'string', minLength: 1 },
        instructions: { type: 'string' },
        default: { type: 'string' },
      },
      required: ['labels', 'prompt'],
    },
    outputSchema: textOutput,
    requiredServices: ['llm'],
    defaultConfig: { prompt: '{{input}}' },
  },
  {
    typeName: 'template',
    kind: 'template',
    displayName: 'Template',
    description: 'Renders text from `{{input}}`, `{{vars.x}}` and `{{nodes.<id>.output}}`.',
    category: 'transform',
    tags: ['text'],
    icon: 'text',
    inputSchema: {
      type: 'object',
      properties: { template: { type: 'string', maxLength: 100_000 } },
      required: ['template'],
    },
    outputSchema: textOutput,
    requiredServices: [],
    defaultConfig: {},
  },
  {
    typeName: 'code',
    kind: 'code',
    displayName: 'Code (JavaScript)',
    description:
      'Runs a JavaScript function body in a sandbox (QuickJS) without I/O. It sees `input` (a copy of the state: input, vars, nodes) and `return`s a JSON value.',
    category: 'transform',
    tags: ['code', 'javascript'],
    icon: 'code',
    inputSchema: {
      type: 'object',
      properties: {
        code: { type: 'string', minLength: 1, maxLength: 100_000 },
        timeLimitMs: { type: 'integer', minimum: 10, maximum: 10_000 },
        memoryLimitMb: { type: 'integer', minimum: 8, maximum: 256 },
      },
      required: ['code'],
    },
    outputSchema: {},
    requiredServices: [],
    defaultConfig: { timeLimitMs: 1000, memoryLimitMb: 64 },
  },
  {
    typeName: 'http_request',
    kind: 'http_request',
    displayName: 'HTTP request',
    description:
      'Calls an HTTP URL (templated) with SSRF protection, a 10 s connect / 60 s total timeout and a 1 MiB response cap. Output: `{ status, headers, body }` (body parsed when JSON).',
    category: 'tools',
    tags: ['http', 'api'],
    icon: 'globe',
    inputSchema: {
      type: 'object',
      properties: {
        method: { type: 'string', enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'] },
        url: { type: 'string', minLength: 1, maxLength: 4000 },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        body: { type: 'string', maxLength: 1_000_000 },
        failOnHttpError: { type: 'boolean', description: 'Fail the node on a 4xx/5xx status.' },
      },
      required: ['url'],
    },
    outputSchema: {
      type: 'object',
      properties: { status: { type: 'integer' }, headers: { type: 'object' }, body: {} },
    },
    requiredServices: [],
    defaultConfig: { method: 'GET', headers: {}, failOnHttpError: true },
  },
  {
    typeName: 'human_input',
    kind: 'human_input',
    displayName: 'Human input',
    description: 'Pauses the run and asks the user; the reply becomes the output and the run continues.',
    category: 'flow',
    tags: ['approval', 'interrupt'],
    icon: 'user',
    inputSchema: {
      type: 'object',
      properties: {
        prompt: { type: 'string', minLength: 1, maxLength: 10_000 },
        choices: {
          type: 'array',
          description:
            'Answers shown as buttons. A reply naming one (any case, or followed by punctuation: "Yes, approved") continues with its value.',
          maxItems: 20,
          items: {
            type: 'object',
            properties: {
              value: { type: 'string', minLength: 1, maxLength: 200 },
              label: { type: 'string', minLength: 1, maxLength: 200 },
            },
            required: ['value'],
            additionalProperties: false,
          },
        },
        allowFreeText: {
          type: 'boolean',
          description: 'With choices: whether a reply naming none of them is accepted as typed.',
          default: true,
        },
      },
      required: ['prompt'],
    },
    outputSchema: textOutput,
    requiredServices: [],
    defaultConfig: { prompt: 'Please reply to continue.' },
  },
  {
    typeName: 'answer',
    kind: 'answer',
    displayName: 'Answer',
    description: 'Sends the rendered text to the user as the answer and adds it to the chat history.',
    category: 'flow',
    tags: ['output'],
    icon: 'send',
    inputSchema: {
      type: 'object',
      properties: { text: { type: 'string', maxLength: 100_000 } },
      required: ['text'],
    },
    outputSchema: textOutput,
    requiredServices: [],
    defaultConfig: {},
  },
  {
    typeName: 'retrieval',
    kind: 'retrieval',
    displayName: 'Knowledge retrieval',
    description:
      'Finds the passages of knowledge bases most similar to the query. Output `{ context, chunks }`: put `{{nodes.<id>.output.context}}` (numbered passages) in a following LLM prompt; the passages are shown as citations under the answer.',
    category: 'ai',
    tags: ['rag', 'knowledge', 'search'],
    icon: 'collection',
    inputSchema: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, maxLength: 10_000, description: 'Query template.' },
        knowledgeBaseIds: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: { type: 'string', format: 'uuid' },
          description: 'Knowledge bases to search (yours or platform-wide).',
        },
        topK: {
          type: 'integer',
          minimum: 1,
          maximum: 50,
          description: 'Passages to return (default: the base setting).',
        },
        scoreThreshold: { type: 'number', minimum: 0, maximum: 1, description: 'Minimum similarity 0–1.' },
      },
      required: ['query', 'knowledgeBaseIds'],
    },
    outputSchema: {
      type: 'object',
      properties: { context: { type: 'string' }, chunks: { type: 'array' } },
    },
    requiredServices: [],
    defaultConfig: { query: '{{input}}' },
  },
];

export function builtinNodeType(kind: ExecutorKind): NodeTypeDescriptor {
  const found = BUILTIN_NODE_TYPES.find((t) => t.kind === kind);
  if (!found) throw new Error(`No built-in node type for kind ${kind}`);
  return found;
}
