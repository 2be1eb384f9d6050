import { MemorySaver } from '@langchain/langgraph';
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';

/**
 * Checkpoints kept in this process's memory, for runtimes with no database (the `agenthub` CLI's
 * `run` and `serve`): a paused human-input run resumes from it as long as the process lives.
 */
export function createMemoryCheckpointer(): BaseCheckpointSaver {
  return new MemorySaver();
}
