import Ajv from 'ajv';
import addFormats from 'ajv-formats';

export type { ErrorObject, ValidateFunction } from 'ajv';
export type { Ajv };

export interface AjvFactoryOptions {
  /** Fill in `default`s while validating (mutates the value: pass a copy). Default false. */
  useDefaults?: boolean;
}

/**
 * The one Ajv setup of the platform, used by the engine (node configs, template parameters) and
 * the API (node type and provider schemas, provider settings), so a schema accepted when saved is
 * the schema a run validates with. JSON Schema draft-07 (Ajv's default dialect), every error at
 * once, `format`s from ajv-formats, and not strict: admins paste schemas with their own `x-…` UI
 * annotations, which are ignored rather than refused. `x-secret` (secret provider fields) is
 * declared so it is checked to be a boolean.
 */
export function createAjv(options: AjvFactoryOptions = {}): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: options.useDefaults ?? false });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-secret', schemaType: 'boolean' });
  return ajv;
}
