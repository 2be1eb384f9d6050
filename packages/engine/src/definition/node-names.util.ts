/**
 * LangGraph node names may not contain `|` or `:`, equal `__start__`/`__end__`, or collide with a
 * state key. Node ids are validated to `[A-Za-z][A-Za-z0-9_-]*`; a fixed prefix keeps them clear
 * of state keys, and the mapping is deterministic so a fresh compile resumes old checkpoints.
 */
const PREFIX = 'n_';

export function graphNodeName(nodeId: string): string {
  return `${PREFIX}${nodeId}`;
}

export function nodeIdFromGraphName(name: string): string | undefined {
  return name.startsWith(PREFIX) ? name.slice(PREFIX.length) : undefined;
}

export const ERROR_SOURCE_SUFFIX = ':error';

/** `answer:error` → `answer`; plain ids → undefined. */
export function errorSourceNodeId(from: string): string | undefined {
  return from.endsWith(ERROR_SOURCE_SUFFIX) ? from.slice(0, -ERROR_SOURCE_SUFFIX.length) : undefined;
}
