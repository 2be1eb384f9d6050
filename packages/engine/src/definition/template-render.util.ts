import { getPath, splitPath, stringifyValue } from './state-path.util.js';

/**
 * Logic-less `{{path}}` templates. Paths are plain dot paths (no code); a missing path renders
 * as an empty string (the validator warns about unknown nodes/variables beforehand).
 */
const TEMPLATE_PATTERN = /\{\{\s*([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g;

export function renderTemplate(template: string, scope: Record<string, unknown>): string {
  if (!template.includes('{{')) return template;
  return template.replace(TEMPLATE_PATTERN, (_match, path: string) => stringifyValue(getPath(scope, path)));
}

/** Every `{{path}}` reference in a string, as segment arrays. */
export function templateReferences(template: string): string[][] {
  const refs: string[][] = [];
  for (const match of template.matchAll(TEMPLATE_PATTERN)) refs.push(splitPath(match[1]));
  return refs;
}

/** Renders every string inside a JSON value (objects/arrays walked, keys untouched). */
export function renderDeep(value: unknown, scope: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderTemplate(value, scope);
  if (Array.isArray(value)) return value.map((v) => renderDeep(v, scope));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderDeep(v, scope);
    return out;
  }
  return value;
}

/** Calls `visit` for every string in a JSON value with its dot path. */
export function visitStrings(
  value: unknown,
  path: string,
  visit: (text: string, path: string) => void,
): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => visitStrings(v, `${path}.${i}`, visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) visitStrings(v, path ? `${path}.${k}` : k, visit);
  }
}
