import { checkJsonSchemaText, type TextCheck } from '../../node-types/composables/json-schema-check';

/** The parameter schema as an admin types it: a JSON Schema, of an object (as the API requires). */
export function checkParameterSchemaText(text: string): TextCheck {
  const check = checkJsonSchemaText(text);
  if (check.problems.length || !check.value) return check;
  if (check.value.type !== 'object')
    return { value: check.value, problems: [{ path: 'type', message: 'Must be "object"' }] };
  return check;
}

/** The parameter names the schema declares, offered as `{{params.x}}` in the node fields. */
export function parameterNames(schema: Record<string, unknown> | undefined): string[] {
  const properties = schema?.properties;
  return properties && typeof properties === 'object' ? Object.keys(properties) : [];
}

/** Values for the live parameter form: each property's default, when it has one. */
export function defaultParameters(schema: Record<string, unknown> | undefined): Record<string, unknown> {
  const properties = (schema?.properties ?? {}) as Record<string, { default?: unknown }>;
  return Object.fromEntries(
    Object.entries(properties)
      .filter(([, p]) => p && typeof p === 'object' && p.default !== undefined)
      .map(([k, p]) => [k, p.default]),
  );
}
