import type { BaseMessage } from '@langchain/core/messages';
import { Annotation, messagesStateReducer } from '@langchain/langgraph';
import type { NodeResult } from '../executors/executor.types.js';

/** Id given to the current user turn in `messages`, so prompts can leave it out of the history. */
export const CURRENT_INPUT_MESSAGE_ID = 'agenthub-current-input';

/**
 * The run state. `nodes` merges per node id, so parallel branches writing different nodes in
 * the same step never clobber each other; a node that runs again (a loop) replaces its entry.
 */
export const WorkflowStateAnnotation = Annotation.Root({
  messages: Annotation<BaseMessage[]>({ reducer: messagesStateReducer, default: () => [] }),
  input: Annotation<string>({ reducer: (_a, b) => b, default: () => '' }),
  vars: Annotation<Record<string, unknown>>({ reducer: (a, b) => ({ ...a, ...b }), default: () => ({}) }),
  nodes: Annotation<Record<string, NodeResult>>({ reducer: (a, b) => ({ ...a, ...b }), default: () => ({}) }),
});

export type WorkflowState = typeof WorkflowStateAnnotation.State;
export type WorkflowUpdate = typeof WorkflowStateAnnotation.Update;
