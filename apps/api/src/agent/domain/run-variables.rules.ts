import type { ErrorDetail, VariableType } from '@agenthub/contracts';
import { AgentErrorCodes } from '@agenthub/contracts';

/** A workflow's variable declarations as stored (`definition.variables`), loosely typed. */
export type VariableDeclarations = Record<string, { type?: VariableType } | undefined>;

const matches: Record<VariableType, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  boolean: (v) => typeof v === 'boolean',
  json: (v) => v !== undefined,
};

/**
 * The problems of a test run's variables against the workflow's declarations: each undeclared
 * name and each value of the wrong type (a declaration without a type is a `string`), with the
 * field path `body.variables.<name>`. Empty when they are fine.
 */
export function checkRunVariables(
  declared: VariableDeclarations | null | undefined,
  given: Record<string, unknown>,
): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(given)) {
    const path = `body.variables.${name}`;
    const declaration = declared && Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (!declaration) {
      problems.push({
        path,
        code: AgentErrorCodes.invalidVariable,
        message: `The workflow declares no variable "${name}"`,
      });
      continue;
    }
    const type = declaration.type ?? 'string';
    if (!matches[type](value))
      problems.push({ path, code: AgentErrorCodes.invalidVariable, message: `"${name}" must be a ${type}` });
  }
  return problems;
}
