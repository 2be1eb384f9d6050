// Definition: validation, templates, hashing
export { validateWorkflow, effectiveConfig, type ValidateOptions } from './definition/validate-workflow.js';
export {
  instantiateTemplate,
  type InstantiateOptions,
  type InstantiateResult,
} from './definition/instantiate-template.js';
export { definitionHash, canonicalJson } from './definition/definition-hash.util.js';
export { renderTemplate, templateReferences } from './definition/template-render.util.js';
export { graphNodeName } from './definition/node-names.util.js';
export { BUILTIN_NODE_TYPES, builtinNodeType } from './node-types/builtin-node-types.js';

// Compile and run
export {
  compileWorkflow,
  findJoins,
  DEFAULT_MAX_STEPS,
  DEFAULT_DURABILITY,
  type CompileOptions,
  type CompileLimits,
  type CompiledWorkflow,
  type Durability,
} from './compiler/compile-workflow.js';
export { CompileCache } from './compiler/compile-cache.js';
export { NodeFailedError, type ResolveModel, type ResolveTools } from './compiler/node-runner.js';
export {
  runWorkflow,
  collectRun,
  getPendingInterrupts,
  initialState,
  type RunWorkflowOptions,
} from './run/run-workflow.js';
export { EngineError } from './engine-error.js';

// Executors
export { BUILTIN_EXECUTORS } from './executors/executor-registry.js';
export type {
  Executor,
  ExecutorRegistry,
  ExecutorResult,
  NodeExecutionContext,
  NodeRef,
  NodeResult,
  WorkflowScope,
} from './executors/executor.types.js';
export { matchLabel } from './executors/classifier.executor.js';
export {
  humanInputOptions,
  resolveHumanInputReply,
  notAChoiceMessage,
  type HumanInputOptions,
  type ReplyResolution,
} from './executors/human-input.rules.js';

// Knowledge (RAG)
export type { KnowledgePort, KnowledgeSearchRequest } from './knowledge/knowledge.port.js';
export { formatRetrievalContext, type RetrievalOutput } from './executors/retrieval.executor.js';
export {
  hashingEmbedding,
  HASHING_EMBEDDING_DIMENSIONS,
  cosineSimilarity,
  containsCjk,
} from './knowledge/hashing-embedding.js';

// Models
export type {
  ModelPort,
  ModelRequest,
  ModelResult,
  ModelMessage,
  ModelToolCall,
  ModelToolSpec,
  ModelUsage,
  ModelCallOptions,
} from './models/model.port.js';
export { OpenAISdkModel, type OpenAICompatibleConfig } from './models/openai-sdk.model.js';
export { LangChainChatModel, createLangChainOpenAIModel } from './models/langchain-chat.model.js';
export { DemoModel, DEMO_LABEL, type DemoModelOptions } from './models/demo.model.js';
export { createModel, type ModelProviderConfig } from './models/model-factory.js';
export { withPricing, type ModelPricing } from './models/pricing.util.js';

// Tools
export type { ToolPort, ToolSelection, ToolSet, ToolCallResult } from './tools/tool.port.js';
export { createMcpToolResolver, type McpToolResolverOptions } from './tools/mcp-tools.js';
export { staticToolResolver } from './tools/static-tools.js';
export { toLangChainTool } from './tools/langchain-tool.adapter.js';
export * from './tools/mcp-client.js';

// Security and sandbox (shared with the API)
export * from './security/ssrf.util.js';
export * from './security/guarded-fetch.util.js';
export * from './sandbox/code-sandbox.js';

// Checkpoints
export {
  createPostgresCheckpointer,
  setupCheckpointer,
  deleteCheckpoints,
  CHECKPOINT_SETUP_LOCK_KEY,
} from './checkpoint/postgres-checkpointer.js';
export { DeferringCheckpointer, type CheckpointRetry } from './checkpoint/deferring-checkpointer.js';
export { createMemoryCheckpointer } from './checkpoint/memory-checkpointer.js';

// Example workflows (seed data for templates and demo agents)
export * from './examples/example-workflows.js';

// Comparing and scanning definitions (API version history and review, CLI diff and pull)
export { diffWorkflows } from './definition/workflow-diff.util.js';
export {
  findSecrets,
  findSecretsInText,
  shannonEntropy,
  type SecretFinding,
} from './security/secret-scan.util.js';
export {
  createAjv,
  type Ajv,
  type AjvFactoryOptions,
  type ErrorObject,
  type ValidateFunction,
} from './json-schema/ajv.factory.js';
