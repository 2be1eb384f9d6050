import { z } from 'zod';

/** The built-in executors; every node type (built-in or admin-made) specialises one of them. */
export const EXECUTOR_KINDS = [
  'llm',
  'agent',
  'tool_call',
  'classifier',
  'template',
  'code',
  'http_request',
  'human_input',
  'answer',
  'retrieval',
] as const;
export const executorKindSchema = z.enum(EXECUTOR_KINDS);
export type ExecutorKind = z.infer<typeof executorKindSchema>;

export const nodeTypeNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z][a-z0-9_.-]*$/, 'Type name must be lower case: letters, digits, _ . -');

/** A JSON Schema document (draft-07, the dialect of the platform Ajv: `createAjv` in the engine). */
export const jsonSchemaObjectSchema = z.record(z.string(), z.unknown());
export type JsonSchemaObject = z.infer<typeof jsonSchemaObjectSchema>;

/**
 * A node type as stored in `node_types` and consumed by the validator and the IDE palette.
 * `inputSchema` describes the node's `config`; `defaultConfig` is merged under it before validation.
 */
export const nodeTypeDescriptorSchema = z.object({
  typeName: nodeTypeNameSchema,
  kind: executorKindSchema,
  displayName: z.string().min(1).max(200),
  description: z.string().max(2000).default(''),
  category: z.string().max(100).default('general'),
  tags: z.array(z.string().max(50)).default([]),
  icon: z.string().max(100).optional(),
  inputSchema: jsonSchemaObjectSchema,
  outputSchema: jsonSchemaObjectSchema.default({}),
  /** Service roles the node needs (e.g. `llm`); missing ones fall back to the platform default. */
  requiredServices: z.array(z.string().max(50)).default([]),
  defaultConfig: z.record(z.string(), z.unknown()).default({}),
});
export type NodeTypeDescriptor = z.infer<typeof nodeTypeDescriptorSchema>;
export type NodeTypeDescriptorInput = z.input<typeof nodeTypeDescriptorSchema>;
