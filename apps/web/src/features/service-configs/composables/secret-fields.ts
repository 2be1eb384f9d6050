import { SECRET_MASK_PREFIX } from '@agenthub/contracts';

type Schema = Record<string, unknown>;
type Values = Record<string, unknown>;

function properties(schema: Schema): Record<string, Schema> {
  const props = schema.properties;
  return props && typeof props === 'object' ? (props as Record<string, Schema>) : {};
}

/** Top-level settings the provider marks `"x-secret": true` (API keys, tokens). */
export function secretKeys(schema: Schema): string[] {
  return Object.entries(properties(schema))
    .filter(([, p]) => p['x-secret'] === true)
    .map(([k]) => k);
}

/** The schema the generated form shows: secrets are edited apart, write-only. */
export function withoutSecrets(schema: Schema): Schema {
  const secrets = new Set(secretKeys(schema));
  if (secrets.size === 0) return schema;
  const props = Object.fromEntries(Object.entries(properties(schema)).filter(([k]) => !secrets.has(k)));
  const required = Array.isArray(schema.required)
    ? (schema.required as string[]).filter((k) => !secrets.has(k))
    : undefined;
  return { ...schema, properties: props, ...(required ? { required } : {}) };
}

/** A stored secret comes back as its mask; anything else means it is not set. */
export function isSecretSet(stored: Values | undefined, key: string): boolean {
  const value = stored?.[key];
  return typeof value === 'string' && value.startsWith(SECRET_MASK_PREFIX);
}

/** The form's values without the masked secrets (they are never shown, not even masked). */
export function visibleValues(stored: Values, schema: Schema): Values {
  const secrets = new Set(secretKeys(schema));
  return Object.fromEntries(Object.entries(stored).filter(([k]) => !secrets.has(k)));
}

/**
 * The `configData` to send: the form's values, each newly typed secret, and for a secret left
 * empty the stored mask (the API keeps the secret it stands for); a secret never set stays out.
 */
export function mergeSecrets(
  values: Values,
  replacements: Record<string, string>,
  stored: Values | undefined,
  schema: Schema,
): Values {
  const out: Values = { ...values };
  for (const key of secretKeys(schema)) {
    const typed = replacements[key]?.trim();
    if (typed) out[key] = typed;
    else if (isSecretSet(stored, key)) out[key] = stored![key];
    else delete out[key];
  }
  return out;
}
