import { z } from 'zod';
import { RUN_EVENT_TYPES, runEventDataSchemas, type RunEventType } from './events.js';
import { executorKindSchema, jsonSchemaObjectSchema, nodeTypeNameSchema } from './node-type.js';
import { WORKFLOW_SCHEMA_VERSION, workflowDefinitionSchema } from './workflow.js';

/** Version of the HTTP API (also the OpenAPI document's `info.version`). */
export const API_VERSION = '0.1.0';

const toJsonSchema = (schema: z.ZodType): Record<string, unknown> =>
  z.toJSONSchema(schema, { io: 'input', target: 'draft-7', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;

/**
 * JSON Schema (draft-07, the dialect of the platform's Ajv and of node type schemas) of a workflow definition as authors write it: defaults
 * (`schemaVersion`, `variables`, `edges`, `config`) may be omitted. Node configs are checked
 * against each node type's own schema (see `nodeTypes` of `GET /api/schema`).
 */
export const workflowDefinitionJsonSchema: Record<string, unknown> = {
  ...toJsonSchema(workflowDefinitionSchema),
  title: 'AgentHub workflow definition',
};

/** Each run event type with the JSON Schema of its `data` (the SSE frame's `data:` line). */
export const runEventJsonSchemas: Array<{ type: RunEventType; dataSchema: Record<string, unknown> }> =
  RUN_EVENT_TYPES.map((type) => ({ type, dataSchema: toJsonSchema(runEventDataSchemas[type]) }));

/** The body of `GET /api/schema`: what editors, the CLI and tests need to author and read workflows. */
export const platformSchemaDocumentSchema = z.object({
  versions: z.object({
    /** The `schemaVersion` a workflow definition carries. */
    schemaVersion: z.number().int(),
    /** The HTTP API version. */
    api: z.string(),
  }),
  workflowDefinition: jsonSchemaObjectSchema,
  nodeTypes: z.array(
    z.object({
      typeName: nodeTypeNameSchema,
      kind: executorKindSchema,
      displayName: z.string(),
      /** JSON Schema of the node's `config`. */
      configSchema: jsonSchemaObjectSchema,
      /** JSON Schema of the node's output (`nodes.<id>.output`); `{}` when unspecified. */
      outputSchema: jsonSchemaObjectSchema,
      defaultConfig: z.record(z.string(), z.unknown()),
      requiredServices: z.array(z.string()),
    }),
  ),
  eventTypes: z.array(z.object({ type: z.enum(RUN_EVENT_TYPES), dataSchema: jsonSchemaObjectSchema })),
});
export type PlatformSchemaDocument = z.infer<typeof platformSchemaDocumentSchema>;

export const PLATFORM_SCHEMA_VERSIONS = { schemaVersion: WORKFLOW_SCHEMA_VERSION, api: API_VERSION };
