import { ajvErrorPath, createAjv } from '@/shared/json-schema/ajv.factory';

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

const ajv = createAjv();

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

/**
 * Checks text as a JSON Schema with the app's one Ajv (the same dialect as the API): JSON syntax,
 * the draft-07 meta-schema, then compiling it (unresolvable `$ref`s, bad patterns).
 */
export function checkJsonSchemaText(text: string): TextCheck {
  const parsed = parseJsonObject(text);
  if (!parsed.value) return parsed;
  const schema = parsed.value;
  if (!ajv.validateSchema(schema)) {
    const problems = (ajv.errors ?? []).map((e) => ({
      path: ajvErrorPath(e),
      message: e.message ?? 'invalid',
    }));
    return { value: schema, problems };
  }
  try {
    ajv.compile(schema);
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
  let validate;
  try {
    validate = ajv.compile(partial);
  } catch {
    return [];
  }
  if (validate(JSON.parse(JSON.stringify(rest)))) return [];
  return (validate.errors ?? []).map((e) => ({ path: ajvErrorPath(e), message: e.message ?? 'invalid' }));
}
