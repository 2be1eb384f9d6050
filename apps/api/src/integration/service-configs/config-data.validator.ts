import type { ErrorDetail } from '@agenthub/contracts';
import { createAjv, type ErrorObject, type ValidateFunction } from '@agenthub/engine';

/** JSON Schema validation of provider settings, with the platform's Ajv (defaults filled in). */
const ajv = createAjv({ useDefaults: true });

const MAX_CACHED = 200;
const compiled = new Map<string, ValidateFunction>();

function compile(schema: Record<string, unknown>): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(schema);
    if (compiled.size >= MAX_CACHED) compiled.delete(compiled.keys().next().value as string);
    compiled.set(key, fn);
  }
  return fn;
}

/** Why a provider's config schema is unusable, or null when ajv accepts it as an object schema. */
export function configSchemaProblem(schema: Record<string, unknown>): string | null {
  if (schema.type !== 'object') return 'configSchema must be a JSON Schema with "type": "object"';
  try {
    compile(schema);
    return null;
  } catch (err) {
    return `configSchema is not a valid JSON Schema: ${(err as Error).message}`;
  }
}

function toDetail(e: ErrorObject, prefix: string): ErrorDetail {
  const missing =
    e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined;
  const extra =
    e.keyword === 'additionalProperties'
      ? (e.params as { additionalProperty?: string }).additionalProperty
      : undefined;
  const segments = e.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const path = [prefix, ...segments, missing ?? extra].filter(Boolean).join('.');
  const message =
    e.keyword === 'required'
      ? `${missing} is required`
      : e.keyword === 'additionalProperties'
        ? `${extra} is not a known setting`
        : (e.message ?? 'is invalid');
  return { path, code: e.keyword, message };
}

/**
 * Validates settings (plaintext, masks already resolved) against the provider schema, applying
 * its defaults. Returns the settings with defaults, or field errors under `prefix`.
 */
export function validateConfigData(
  schema: Record<string, unknown>,
  data: Record<string, unknown>,
  prefix = 'body.configData',
): { ok: true; value: Record<string, unknown> } | { ok: false; details: ErrorDetail[] } {
  const value = structuredClone(data);
  const validate = compile(schema);
  if (validate(value)) return { ok: true, value };
  return { ok: false, details: (validate.errors ?? []).map((e) => toDetail(e, prefix)) };
}
