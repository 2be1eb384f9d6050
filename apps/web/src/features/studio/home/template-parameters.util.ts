/**
 * The starting values of a template's parameter form: each top-level property's `default`
 * (the API applies the same defaults, so the first preview equals the template as published).
 */
export function schemaDefaults(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, { default?: unknown } | undefined>;
  const out: Record<string, unknown> = {};
  for (const [key, property] of Object.entries(properties)) {
    if (property && property.default !== undefined) out[key] = structuredClone(property.default);
  }
  return out;
}
