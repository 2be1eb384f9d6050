import type { ErrorDetail } from '@agenthub/contracts';
import { type Ajv, createAjv, type ErrorObject } from '@agenthub/engine';

/** The engine's Ajv factory: what passes here compiles there. */
function newAjv(useDefaults = false): Ajv {
  return createAjv({ useDefaults });
}

const metaValidator = newAjv();

/** `/a/0/b` → `a.0.b` */
export function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

const join = (...parts: Array<string | undefined>) => parts.filter((p) => p).join('.');

/** ajv errors as API error details under `prefix` (e.g. `body.defaultConfig`). */
export function ajvErrorsToDetails(
  errors: readonly ErrorObject[] | null | undefined,
  prefix: string,
  code: string,
): ErrorDetail[] {
  return (errors ?? []).map((e) => {
    const missing =
      e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined;
    const extra =
      e.keyword === 'additionalProperties'
        ? (e.params as { additionalProperty?: string }).additionalProperty
        : undefined;
    const path = join(prefix, pointerToPath(e.instancePath), missing ?? extra);
    return { path, code, message: `${path.split('.').pop() ?? 'value'} ${e.message ?? 'is invalid'}` };
  });
}

/**
 * Checks that `schema` is itself a valid JSON Schema: against the meta-schema (with the path of
 * the bad keyword) and by compiling it (unresolvable `$ref`s, bad regex patterns).
 */
export function jsonSchemaProblems(schema: unknown, prefix: string, code: string): ErrorDetail[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
    return [{ path: prefix, code, message: 'A JSON Schema must be an object' }];
  if (!metaValidator.validateSchema(schema)) {
    // A bad keyword fails several meta-schema branches (enum, array, anyOf): one detail per path.
    const byPath = new Map<string, ErrorDetail>();
    for (const e of metaValidator.errors ?? []) {
      const path = join(prefix, pointerToPath(e.instancePath));
      if (!byPath.has(path))
        byPath.set(path, {
          path,
          code,
          message: `Not a valid JSON Schema: ${path} ${e.message ?? 'is invalid'}`,
        });
    }
    return [...byPath.values()];
  }
  try {
    // A throwaway instance: admin schemas must not pile up in a long-lived ajv cache.
    newAjv().compile(schema);
    return [];
  } catch (err) {
    return [{ path: prefix, code, message: `Not a valid JSON Schema: ${(err as Error).message}` }];
  }
}

/** Validates `value` with `schema`; errors point under `prefix`. */
export function schemaErrors(
  schema: Record<string, unknown>,
  value: unknown,
  prefix: string,
  code: string,
): ErrorDetail[] {
  const validate = newAjv().compile(schema);
  return validate(value) ? [] : ajvErrorsToDetails(validate.errors, prefix, code);
}

/**
 * Template parameters checked like the engine checks them (defaults applied to a copy), but
 * with the offending property in the path also for `additionalProperties`, which the engine's
 * issue paths leave out.
 */
export function parameterErrors(
  schema: Record<string, unknown>,
  parameters: Record<string, unknown>,
  prefix: string,
  code: string,
): ErrorDetail[] {
  const validate = newAjv(true).compile(schema);
  return validate(structuredClone(parameters)) ? [] : ajvErrorsToDetails(validate.errors, prefix, code);
}

/** The schema without top-level `required`: for checking defaults, which may be partial. */
export function withoutRequired(schema: Record<string, unknown>): Record<string, unknown> {
  const { required: _required, ...rest } = schema;
  return rest;
}
