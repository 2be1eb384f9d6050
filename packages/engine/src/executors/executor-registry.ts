import { agentExecutor } from './agent.executor.js';
import { classifierExecutor } from './classifier.executor.js';
import type { ExecutorRegistry } from './executor.types.js';
import { llmExecutor } from './llm.executor.js';
import {
  answerExecutor,
  codeExecutor,
  httpRequestExecutor,
  humanInputExecutor,
  templateExecutor,
} from './simple.executors.js';
import { retrievalExecutor } from './retrieval.executor.js';
import { toolCallExecutor } from './tool-call.executor.js';

export const BUILTIN_EXECUTORS: ExecutorRegistry = {
  llm: llmExecutor,
  agent: agentExecutor,
  tool_call: toolCallExecutor,
  classifier: classifierExecutor,
  template: templateExecutor,
  code: codeExecutor,
  http_request: httpRequestExecutor,
  human_input: humanInputExecutor,
  answer: answerExecutor,
  retrieval: retrievalExecutor,
};
