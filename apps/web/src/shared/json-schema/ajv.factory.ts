import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The web app's one Ajv factory. Same dialect and options as the engine's and the API's
 * validators (draft-07 keywords, `strict: false`, formats), so what passes in the browser passes
 * on the server. `verbose` keeps the failing schema on each error, which JSON Forms needs.
 */
export function createAjv(options: { useDefaults?: boolean } = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    verbose: true,
    useDefaults: options.useDefaults ?? false,
  });
  addFormats(ajv);
  return ajv;
}

/** `/a/0/b` + missing property → `a.0.b.missing` (the path style of the API's error details). */
export function ajvErrorPath(error: ErrorObject): string {
  const base = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const missing =
    error.keyword === 'required' ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  return [...base, ...(missing ? [missing] : [])].join('.');
}
