/**
 * What `ajv` and `ajv-formats` resolve to in the web build (`vite.config.ts`): JSON Forms imports
 * them for its default validator, which the app never lets it create (SchemaForm passes its own,
 * `features/studio/editor/schema-form/json-forms-ajv.ts`). Ajv compiles schemas with
 * `new Function`, which the app's CSP forbids; with this stand-in it is not even in the bundle,
 * and anything that still reached for it would fail loudly, in unit tests too.
 */
export default function ajvUnavailable(): never {
  throw new Error('Ajv is not available in the web app (its CSP forbids eval): use createSchemaValidator');
}
