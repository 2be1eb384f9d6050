// The CLI's building blocks, for tests and for embedding (the binary is main.ts).
export {
  loadManifest,
  requireManifest,
  resolveManifestPath,
  type LoadedManifest,
} from './manifest/load-manifest.js';
export { substituteEnv } from './manifest/env-substitution.util.js';
export { formatProblem, ManifestInvalidError, type ManifestProblem } from './manifest/manifest-problem.js';
export { LocalAgent, newConversation, type ConversationState } from './runtime/local-agent.js';
export { createInvokeServer, type InvokeServer } from './serve/invoke-server.js';
export { ExitCode } from './cli/exit-codes.js';
