import type { VariableDefinition } from '@agenthub/contracts';

/** What the run-variables form holds per variable: text as typed (numbers and JSON are parsed). */
export type VariableDrafts = Record<string, string>;

export function draftsFrom(variables: Record<string, VariableDefinition>): VariableDrafts {
  return Object.fromEntries(
    Object.entries(variables).map(([name, v]) => [
      name,
      v.default === undefined ? '' : typeof v.default === 'string' ? v.default : JSON.stringify(v.default),
    ]),
  );
}

/**
 * The variables a test run is sent with: only fields the developer filled in (the others keep the
 * workflow's defaults), typed as declared. `invalid` names the fields that do not parse.
 */
export function runVariables(
  variables: Record<string, VariableDefinition>,
  drafts: VariableDrafts,
): { values: Record<string, unknown>; invalid: string[] } {
  const values: Record<string, unknown> = {};
  const invalid: string[] = [];
  for (const [name, declared] of Object.entries(variables)) {
    const text = drafts[name]?.trim() ?? '';
    if (text === '') continue;
    if (declared.type === 'string') values[name] = drafts[name];
    else if (declared.type === 'number') {
      const n = Number(text);
      if (Number.isFinite(n)) values[name] = n;
      else invalid.push(name);
    } else if (declared.type === 'boolean') {
      if (text === 'true' || text === 'false') values[name] = text === 'true';
      else invalid.push(name);
    } else {
      try {
        values[name] = JSON.parse(text);
      } catch {
        invalid.push(name);
      }
    }
  }
  return { values, invalid };
}
