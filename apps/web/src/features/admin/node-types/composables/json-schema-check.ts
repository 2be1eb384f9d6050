import metaSchema from '@/shared/json-schema/draft-07.meta-schema.json';
import { createSchemaValidator, schemaErrorPath } from '@/shared/json-schema/json-schema.validator';

export interface SchemaProblem {
  /** Dotted path inside the checked document (`properties.prompt.type`), '' for the root. */
  path: string;
  message: string;
}

export type JsonObject = Record<string, unknown>;

export interface TextCheck {
  /** The parsed object, when the text is valid JSON holding an object. */
  value?: JsonObject;
  problems: SchemaProblem[];
}

const validateAgainstMeta = createSchemaValidator(metaSchema as Record<string, unknown>);

function lineOf(text: string, error: unknown): string {
  const match = /position (\d+)/.exec(String((error as Error).message));
  if (!match) return '';
  const line = text.slice(0, Number(match[1])).split('\n').length;
  return ` (line ${line})`;
}

/** Text → a JSON object, or the one reason it is not one. */
export function parseJsonObject(text: string): TextCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { problems: [{ path: '', message: `Not valid JSON${lineOf(text, err)}` }] };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { problems: [{ path: '', message: 'Must be a JSON object' }] };
  return { value: value as JsonObject, problems: [] };
}

/** Every local `$ref` (`#/…`) in the schema that points nowhere. */
function unresolvedRefs(root: unknown): string[] {
  const missing: string[] = [];
  const resolve = (ref: string): boolean => {
    let node: unknown = root;
    for (const raw of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || !(key in node)) return false;
      node = (node as Record<string, unknown>)[key];
    }
    return true;
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === '$ref' && typeof child === 'string' && child.startsWith('#') && !resolve(child))
        missing.push(child);
      else walk(child);
    }
  };
  walk(root);
  return missing;
}

/**
 * Checks text as a JSON Schema with the app's one validator (draft-07, the dialect of the API):
 * JSON syntax, the draft-07 meta-schema, then what the meta-schema cannot see (local `$ref`s
 * that point nowhere, patterns that are not regular expressions).
 */
export function checkJsonSchemaText(text: string): TextCheck {
  const parsed = parseJsonObject(text);
  if (!parsed.value) return parsed;
  const schema = parsed.value;
  const meta = validateAgainstMeta(schema);
  if (!meta.valid) {
    const problems = meta.errors.map((e) => ({ path: schemaErrorPath(e), message: e.message }));
    return { value: schema, problems };
  }
  const refs = unresolvedRefs(schema);
  if (refs.length) {
    return {
      value: schema,
      problems: refs.map((ref) => ({ path: '', message: `Cannot resolve $ref ${ref}` })),
    };
  }
  try {
    createSchemaValidator(schema)({});
  } catch (err) {
    return { value: schema, problems: [{ path: '', message: (err as Error).message }] };
  }
  return { value: schema, problems: [] };
}

/** Node policies the engine reads beside the config; the API checks them apart from the schema. */
const POLICY_KEYS = new Set(['timeoutMs', 'retry', 'onError']);

/**
 * Default config against the input schema, as the API checks it: defaults may be partial (the
 * node fills in the rest), so the root `required` is not enforced, and policy keys are skipped.
 */
export function checkDefaultConfig(schema: JsonObject, config: JsonObject): SchemaProblem[] {
  const { required: _required, ...partial } = schema;
  const rest = Object.fromEntries(Object.entries(config).filter(([k]) => !POLICY_KEYS.has(k)));
  try {
    const result = createSchemaValidator(partial)(rest);
    return result.errors.map((e) => ({ path: schemaErrorPath(e), message: e.message }));
  } catch {
    return [];
  }
}
