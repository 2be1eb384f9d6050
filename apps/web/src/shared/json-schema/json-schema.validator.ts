import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';

/**
 * The web app's one JSON Schema validator. It interprets the schema (`@cfworker/json-schema`)
 * instead of compiling it to code the way Ajv does with `new Function`, so it runs under the
 * app's CSP (`script-src 'self'`, no eval). Draft-07 rules, like the engine's and the API's Ajv
 * (`$ref` siblings ignored, `definitions`), and every error, not just the first. The server
 * validates again: a format this validator does not know passes here.
 *
 * Errors come in Ajv's `ErrorObject` shape (`instancePath`, `keyword`, `params`, `message`), the
 * shape JSON Forms reads and the API's error details are built from.
 */
export interface SchemaError {
  /** JSON Pointer of the failing value (`/a/0/b`); for `required`, of the object. */
  instancePath: string;
  /** Where the keyword sits in the schema (`#/properties/a/minimum`, through any `$ref`). */
  schemaPath: string;
  keyword: string;
  /** Ajv's params: `missingProperty`, `limit`, `allowedValues`, `type`, `pattern`, `format`… */
  params: Record<string, unknown>;
  /** The validator's English text; the UI shows its own message per keyword. */
  message: string;
}

export interface SchemaValidation {
  valid: boolean;
  errors: SchemaError[];
}

export type SchemaValidateFn = (value: unknown) => SchemaValidation;

/**
 * Errors that only say "something below failed" (the failing child reports itself), or that
 * JSON Forms would not show anyway: dropped so that each problem is reported once, on its field.
 */
const WRAPPERS = new Set([
  '$ref',
  '$recursiveRef',
  'properties',
  'patternProperties',
  'additionalProperties',
  'unevaluatedProperties',
  'propertyNames',
  'dependentSchemas',
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedItems',
  'allOf',
  'if',
]);

/** `/a/c~1d` → `['a', 'c/d']` */
const pointerSegments = (pointer: string): string[] =>
  pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** `#/a%20b/c~1d` (a pointer in a URI fragment, as the validator reports) → `['a b', 'c/d']` */
const fragmentSegments = (fragment: string): string[] =>
  pointerSegments(fragment.replace(/^#/, '')).map((s) => decodeURIComponent(s));

const toPointer = (segments: string[]) =>
  segments.map((s) => '/' + s.replace(/~/g, '~0').replace(/\//g, '~1')).join('');

/** The schema node at `#/…` of `root`, following local `$ref`s met on the way. */
function schemaAt(root: unknown, segments: string[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (segment === '$ref') {
      const ref = (node as { $ref?: unknown }).$ref;
      if (typeof ref !== 'string' || !ref.startsWith('#')) return undefined;
      node = schemaAt(root, fragmentSegments(ref));
      continue;
    }
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[segment];
  }
  return node;
}

/** The quoted name at the end of "…property "x"." (the validator names it only in its text). */
const quotedName = (message: string) => /"(.*)"\.$/s.exec(message)?.[1];

function paramsOf(unit: OutputUnit, keywordValue: unknown): Record<string, unknown> {
  switch (unit.keyword) {
    case 'required': {
      const missingProperty = quotedName(unit.error);
      return missingProperty === undefined ? {} : { missingProperty };
    }
    case 'enum':
      return { allowedValues: keywordValue };
    case 'const':
      return { allowedValue: keywordValue };
    case 'type':
      return { type: Array.isArray(keywordValue) ? keywordValue.join(',') : keywordValue };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return { limit: keywordValue };
    case 'pattern':
      return { pattern: keywordValue };
    case 'format':
      return { format: keywordValue };
    case 'multipleOf':
      return { multipleOf: keywordValue };
    default:
      return {};
  }
}

function toSchemaError(root: unknown, unit: OutputUnit): SchemaError {
  return {
    instancePath: toPointer(fragmentSegments(unit.instanceLocation)),
    schemaPath: unit.keywordLocation,
    keyword: unit.keyword,
    params: paramsOf(unit, schemaAt(root, fragmentSegments(unit.keywordLocation))),
    message: unit.error,
  };
}

const asJson = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? null)) as T;

/**
 * A reusable validator for `schema`. The validator marks the schema it is given, so it gets its
 * own copy (the caller's may be a read-only reactive object); values are read as JSON
 * (`undefined` members dropped, as when they are sent).
 */
export function createSchemaValidator(schemaIn: Record<string, unknown> | boolean): SchemaValidateFn {
  const schema = asJson(schemaIn);
  const validator = new Validator(schema as Schema | boolean, '7', false);
  return (value) => {
    const result = validator.validate(asJson(value));
    return {
      valid: result.valid,
      errors: result.errors.filter((e) => !WRAPPERS.has(e.keyword)).map((e) => toSchemaError(schema, e)),
    };
  };
}

/** `/a/0/b` + missing property → `a.0.b.missing` (the path style of the API's error details). */
export function schemaErrorPath(error: SchemaError): string {
  const base = pointerSegments(error.instancePath);
  const missing = error.keyword === 'required' ? error.params.missingProperty : undefined;
  return [...base, ...(typeof missing === 'string' ? [missing] : [])].join('.');
}
