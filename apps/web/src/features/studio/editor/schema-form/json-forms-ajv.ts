import type { JsonFormsCore } from '@jsonforms/core';
import { createSchemaValidator } from '@/shared/json-schema/json-schema.validator';

type JsonFormsAjv = NonNullable<JsonFormsCore['ajv']>;

/**
 * What JSON Forms gets as its `ajv`: the app's interpreting validator behind the two methods
 * JSON Forms calls. Without one, JSON Forms creates a real Ajv on mount, and Ajv compiles schemas
 * with `new Function`, which the CSP forbids. The form runs with `validationMode="NoValidation"`
 * (SchemaForm validates and passes its errors in), so this is only reached by uischema rules and
 * oneOf/anyOf renderers, should a form ever use them.
 */
export function jsonFormsAjv(): JsonFormsAjv {
  const compile = (schema: Record<string, unknown>) => {
    const check = createSchemaValidator(schema);
    const fn = Object.assign(
      (data: unknown) => {
        const result = check(data);
        fn.errors = result.valid ? null : result.errors;
        return result.valid;
      },
      { errors: null as unknown, schema },
    );
    return fn;
  };
  const adapter = {
    compile,
    validate: (schema: Record<string, unknown>, data: unknown) => compile(schema)(data),
  };
  return adapter as unknown as JsonFormsAjv;
}
