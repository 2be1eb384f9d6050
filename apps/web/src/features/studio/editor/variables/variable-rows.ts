import type { VariableDefinition, VariableType, WorkflowDefinition } from '@agenthub/contracts';

export type Variables = WorkflowDefinition['variables'];

/** One editable row; `json` is the text of a `json` variable's default while it is typed. */
export interface VariableRow {
  name: string;
  type: VariableType;
  default?: unknown;
  json: string;
  description?: string;
}

/** Names usable as `{{vars.<name>}}` (the template completion and the engine's dot paths). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function rowsFromVariables(variables: Variables): VariableRow[] {
  return Object.entries(variables ?? {}).map(([name, v]) => ({
    name,
    type: v.type,
    default: v.default,
    json: v.type === 'json' && v.default !== undefined ? JSON.stringify(v.default, null, 2) : '',
    ...(v.description !== undefined ? { description: v.description } : {}),
  }));
}

/** Per row, the i18n key of its first problem (`studio.drawer.variables.errors.*`) or null. */
export function rowProblems(rows: readonly VariableRow[]): (string | null)[] {
  return rows.map((row, i) => {
    if (!VARIABLE_NAME.test(row.name)) return 'name';
    if (rows.findIndex((other) => other.name === row.name) !== i) return 'duplicate';
    if (row.type === 'json' && row.json.trim()) {
      try {
        JSON.parse(row.json);
      } catch {
        return 'json';
      }
    }
    return null;
  });
}

/** The variables the rows stand for (call only when `rowProblems` finds none). */
export function variablesFromRows(rows: readonly VariableRow[]): Variables {
  const out: Variables = {};
  for (const row of rows) {
    const def: VariableDefinition = { type: row.type };
    const value = row.type === 'json' ? (row.json.trim() ? JSON.parse(row.json) : undefined) : row.default;
    if (value !== undefined && value !== null && value !== '') def.default = value;
    if (row.description !== undefined) def.description = row.description;
    out[row.name] = def;
  }
  return out;
}
