import type { CreateProviderRequest } from '@agenthub/contracts';

/**
 * Providers the platform ships with, upserted at every boot (so their schemas follow the code).
 * Their kinds are the engine's model provider kinds (`createModel`).
 */
export const OPENAI_COMPATIBLE_SCHEMA = {
  type: 'object',
  required: ['baseURL', 'model'],
  additionalProperties: false,
  properties: {
    baseURL: {
      type: 'string',
      format: 'uri',
      title: 'Base URL',
      description: 'OpenAI-compatible API root, e.g. https://api.openai.com/v1',
      maxLength: 2048,
    },
    apiKey: { type: 'string', title: 'API key', 'x-secret': true, maxLength: 4096 },
    model: { type: 'string', title: 'Model', minLength: 1, maxLength: 200 },
    streamUsage: {
      type: 'boolean',
      title: 'Stream usage',
      description: 'Ask for token usage in streams (turn off for servers that reject stream_options)',
      default: true,
    },
    temperature: { type: 'number', minimum: 0, maximum: 2 },
    maxTokens: { type: 'integer', minimum: 1, maximum: 1_000_000 },
    timeoutMs: { type: 'integer', minimum: 1000, maximum: 600_000 },
    params: {
      type: 'object',
      title: 'Extra parameters',
      description: 'Sent as-is in the request body (top_p, seed, …)',
      additionalProperties: true,
    },
  },
} as const;

export const DEMO_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    tokenDelayMs: {
      type: 'integer',
      minimum: 0,
      maximum: 1000,
      default: 15,
      description: 'Pause between streamed words',
    },
  },
} as const;

export const BUILTIN_PROVIDERS: ReadonlyArray<
  Omit<CreateProviderRequest, 'configSchema'> & {
    configSchema: Record<string, unknown>;
  }
> = [
  {
    slug: 'openai_compatible',
    serviceType: 'llm',
    kind: 'openai_compatible',
    name: 'OpenAI-compatible',
    description: 'Any server speaking the OpenAI chat completions API (OpenAI, DeepSeek, vLLM, Ollama, …).',
    configSchema: OPENAI_COMPATIBLE_SCHEMA,
    authType: 'bearer',
  },
  {
    slug: 'demo',
    serviceType: 'llm',
    kind: 'demo',
    name: 'Demo (offline)',
    description:
      'Built-in deterministic model that needs no network: answers until a real provider is set up.',
    configSchema: DEMO_SCHEMA,
    authType: 'none',
  },
];

/** The platform config a fresh install chats with. */
export const DEMO_DEFAULT_CONFIG = { name: 'Demo model (offline)', configData: { tokenDelayMs: 15 } };
