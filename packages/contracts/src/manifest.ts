import { z } from 'zod';
import { agentSlugSchema, agentTagsSchema } from './agent.js';
import { variableDefinitionSchema, workflowDefinitionSchema } from './workflow.js';

/**
 * The agent manifest `agenthub.yaml`: an agent kept as files in git, run by the `agenthub` CLI and
 * pushed to a server. Its strings and its workflow's may use `${ENV_VAR}` and `${ENV_VAR:-default}`,
 * substituted by the CLI before these schemas apply (`$${` is a literal `${`), except a code
 * node's `config.code`, which is JavaScript with template literals of its own.
 */

export const MANIFEST_VERSION = 1;
export const MANIFEST_FILE_NAME = 'agenthub.yaml';
/** The JSON Schema `agenthub init` writes next to the manifest for editor completion. */
export const MANIFEST_SCHEMA_FILE_NAME = 'agenthub.schema.json';

/**
 * An http(s) URL, checked as a refinement so the JSON Schema says only "string". A value still
 * holding a `${…}` reference passes: the file is validated as written by `push`/`diff`, and when
 * substituting, an unresolved reference is already reported as a missing variable.
 */
const httpUrlSchema = (field: string) =>
  z
    .string()
    .min(1)
    .max(2000)
    .refine((v) => {
      if (v.includes('${')) return true;
      try {
        return ['http:', 'https:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `${field} must be an http(s) URL`);

const nameKeySchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'Names start with a letter and use letters, digits, _ and -');

const openAiModelSchema = z
  .object({
    provider: z.literal('openai_compatible'),
    /** e.g. `https://api.openai.com/v1` or `${OPENAI_BASE_URL:-https://api.openai.com/v1}`. */
    baseURL: httpUrlSchema('baseURL'),
    model: z.string().min(1).max(200),
    /** Use `${OPENAI_API_KEY}`: a key written in clear is refused by `validate`. */
    apiKey: z.string().max(1000).optional(),
    temperature: z.number().min(0).max(2).optional(),
    maxTokens: z.number().int().min(1).max(200_000).optional(),
    /** `false` for servers that reject `stream_options`. */
    streamUsage: z.boolean().optional(),
  })
  .strict();

const demoModelSchema = z
  .object({
    provider: z.literal('demo'),
    /** Delay between streamed words (default 15 ms). */
    tokenDelayMs: z.number().int().min(0).max(5000).optional(),
  })
  .strict();

export const manifestModelSchema = z.discriminatedUnion('provider', [openAiModelSchema, demoModelSchema]);
export type ManifestModel = z.infer<typeof manifestModelSchema>;

export const manifestMcpServerSchema = z
  .object({
    url: httpUrlSchema('url'),
    transport: z.enum(['streamable_http', 'sse']).default('streamable_http'),
    headers: z.record(z.string().min(1).max(200), z.string().max(4000)).default({}),
  })
  .strict();
export type ManifestMcpServer = z.infer<typeof manifestMcpServerSchema>;

export const agentManifestSchema = z
  .object({
    /** Optional pointer for editors, e.g. `./agenthub.schema.json`. */
    $schema: z.string().optional(),
    manifestVersion: z.literal(MANIFEST_VERSION).default(MANIFEST_VERSION),
    name: z.string().trim().min(1, 'name is required').max(100),
    slug: agentSlugSchema,
    description: z.string().max(2000).default(''),
    /** Category slug on the server (e.g. `productivity`). */
    category: z.string().max(80).optional(),
    tags: agentTagsSchema.default([]),
    icon: z.string().max(200).optional(),
    /** Semver of the next version `push --publish` submits. */
    version: z.string().max(64).optional(),
    changelog: z.string().max(5000).optional(),
    systemPrompt: z.string().max(20_000).optional(),
    /**
     * Named models. A node picks one with `services: { llm: <name> }`; otherwise `defaultModel`,
     * else the model named `default`, else the first one, else the offline demo model.
     */
    models: z.record(nameKeySchema, manifestModelSchema).default({}),
    defaultModel: nameKeySchema.optional(),
    /** MCP servers by the name `tool_call` and `agent` nodes use in `server`. */
    mcpServers: z.record(nameKeySchema, manifestMcpServerSchema).default({}),
    /** Variables merged over the workflow's own (`{{vars.x}}`). */
    variables: z.record(z.string().min(1).max(100), variableDefinitionSchema).default({}),
    /** The workflow inline, or a path (relative to the manifest) to a JSON or YAML file. */
    workflow: z.union([z.string().min(1).max(500), workflowDefinitionSchema]),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.defaultModel !== undefined && !(m.defaultModel in m.models))
      ctx.addIssue({
        code: 'custom',
        path: ['defaultModel'],
        message: `defaultModel "${m.defaultModel}" is not one of models (${Object.keys(m.models).join(', ') || 'none'})`,
      });
  });
export type AgentManifest = z.infer<typeof agentManifestSchema>;
export type AgentManifestInput = z.input<typeof agentManifestSchema>;

/** JSON Schema (draft-07, what yaml-language-server reads) of what authors write. */
export const manifestJsonSchema: Record<string, unknown> = {
  ...(z.toJSONSchema(agentManifestSchema, {
    io: 'input',
    target: 'draft-7',
    unrepresentable: 'any',
  }) as Record<string, unknown>),
  title: 'AgentHub agent manifest (agenthub.yaml)',
};
