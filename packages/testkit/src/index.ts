export {
  startMockOpenAI,
  mockEmbedding,
  MOCK_EMBEDDING_DIMENSIONS,
  defaultMockResponder,
  lastUserText,
  messageText,
  roughTokenCount,
  splitTokens,
} from './mock-openai.server.js';
export type {
  MockChatMessage,
  MockChatRequest,
  MockReply,
  MockResponder,
  MockOpenAIOptions,
  MockOpenAIServer,
} from './mock-openai.server.js';
export { startMcpTestServer } from './mcp-test.server.js';
export type { McpTestServer, McpTestServerOptions } from './mcp-test.server.js';
export { readSse, collectSse } from './sse-reader.util.js';
export type { SseMessage, SseSource } from './sse-reader.util.js';
export { freePort } from './free-port.util.js';
