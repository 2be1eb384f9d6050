import { workflowDefinitionSchema, type WorkflowDefinition } from '@agenthub/contracts';

export interface JsonProblem {
  from: number;
  to: number;
  message: string;
  /** For schema problems: the dot path of the field. */
  path?: string;
}

export type JsonCheck =
  { definition: WorkflowDefinition; problems: [] } | { definition: null; problems: JsonProblem[] };

export function definitionText(definition: WorkflowDefinition): string {
  return JSON.stringify(definition, null, 2);
}

/** Where a key path (`nodes.1.id`) sits in pretty-printed JSON, approximately: its last key's first match. */
function locate(text: string, path: (string | number)[]): { from: number; to: number } {
  let at = 0;
  for (const part of path) {
    if (typeof part !== 'string') continue;
    const found = text.indexOf(`"${part}"`, at);
    if (found >= 0) at = found;
  }
  const end = text.indexOf('\n', at);
  return { from: at, to: end < 0 ? text.length : end };
}

/** The text as a definition (JSON parse, then the contracts' schema), or its problems. */
export function checkDefinitionText(text: string): JsonCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const position = Number(/position (\d+)/.exec(message)?.[1] ?? text.length);
    const from = Math.min(position, Math.max(0, text.length - 1));
    return { definition: null, problems: [{ from, to: Math.min(text.length, from + 1), message }] };
  }
  const parsed = workflowDefinitionSchema.safeParse(value);
  if (parsed.success) return { definition: parsed.data, problems: [] };
  return {
    definition: null,
    problems: parsed.error.issues.map((issue) => ({
      ...locate(text, issue.path as (string | number)[]),
      message: issue.message,
      path: issue.path.join('.') || '(root)',
    })),
  };
}
