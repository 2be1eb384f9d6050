import type { SchemaError } from '@/shared/json-schema/json-schema.validator';

type Translate = (key: string, named: Record<string, unknown>) => string;

/** Keywords with their own message under `studio.editor.form.errors.*`. */
const KEYWORDS = new Set([
  'required',
  'type',
  'enum',
  'const',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'false',
]);

const shown = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/** The field's message for a schema error, in the UI's language. */
export function schemaErrorMessage(error: SchemaError, t: Translate): string {
  const p = error.params;
  const named = {
    ...p,
    values: Array.isArray(p.allowedValues) ? p.allowedValues.map(shown).join(', ') : '',
    value: shown(p.allowedValue),
  };
  const key = KEYWORDS.has(error.keyword) ? error.keyword : 'invalid';
  return t(`studio.editor.form.errors.${key}`, named);
}
