import {
  WorkflowIssueCodes as C,
  type NodeTypeDescriptor,
  type WorkflowIssue,
  type WorkflowTemplateBody,
  type WorkflowValidationResult,
} from '@agenthub/contracts';
import { createAjv } from '../json-schema/ajv.factory.js';
import { BUILTIN_NODE_TYPES } from '../node-types/builtin-node-types.js';
import { getPath, stringifyValue } from './state-path.util.js';
import { validateWorkflow, type ValidateOptions } from './validate-workflow.js';

const PARAM_PATTERN = /\{\{\s*params\.([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}/g;
const WHOLE_PARAM = /^\{\{\s*params\.([A-Za-z_][\w-]*(?:\.[\w-]+)*)\s*\}\}$/;

export interface InstantiateOptions extends ValidateOptions {
  nodeTypes?: readonly NodeTypeDescriptor[];
}

export interface InstantiateResult {
  /** The concrete definition (undefined when the parameters are invalid). */
  definition: unknown;
  /** Parameters after defaults were applied. */
  parameters: Record<string, unknown>;
  validation: WorkflowValidationResult;
}

/**
 * Substitutes `{{params.x}}` inside the *parsed* template: only string values are touched and
 * a parameter's value replaces text inside that one string, so it can never close the string,
 * add keys or inject nodes. A string that is exactly `{{params.x}}` takes a number/boolean value
 * as-is, so numeric settings can be parameters too.
 */
export function instantiateTemplate(
  template: WorkflowTemplateBody,
  parameters: Record<string, unknown>,
  options: InstantiateOptions = {},
): InstantiateResult {
  const params: Record<string, unknown> = structuredClone(parameters ?? {});
  const ajv = createAjv({ useDefaults: true });
  const schema = template.parameterSchema ?? { type: 'object', properties: {} };
  const validate = ajv.compile(schema);
  if (!validate(params)) {
    const issues: WorkflowIssue[] = (validate.errors ?? []).map((e) => {
      const missing =
        e.keyword === 'required' ? (e.params as { missingProperty?: string }).missingProperty : undefined;
      const sub = [e.instancePath.replace(/^\//, '').replace(/\//g, '.'), missing].filter(Boolean).join('.');
      return {
        path: sub ? `parameters.${sub}` : 'parameters',
        code: C.parameterInvalid,
        message: `${sub || 'parameters'} ${e.message ?? 'is invalid'}`,
        severity: 'error',
      };
    });
    return { definition: undefined, parameters: params, validation: { valid: false, issues } };
  }

  const missing = new Set<string>();
  const definition = substitute(template.definition, params, missing);
  const issues: WorkflowIssue[] = [...missing].map((name) => ({
    path: 'parameters',
    code: C.parameterInvalid,
    message: `Template uses {{params.${name}}} but no such parameter was given`,
    severity: 'error',
  }));
  const validation = validateWorkflow(definition, options.nodeTypes ?? BUILTIN_NODE_TYPES, options);
  const all = [...issues, ...validation.issues];
  return {
    definition,
    parameters: params,
    validation: { valid: !all.some((i) => i.severity === 'error'), issues: all },
  };
}

function substitute(value: unknown, params: Record<string, unknown>, missing: Set<string>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_PARAM.exec(value);
    if (whole) {
      const v = lookup(params, whole[1], missing);
      if (typeof v === 'number' || typeof v === 'boolean') return v;
      return stringifyValue(v);
    }
    return value.replace(PARAM_PATTERN, (_m, name: string) => stringifyValue(lookup(params, name, missing)));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, params, missing));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = substitute(v, params, missing);
    return out;
  }
  return value;
}

function lookup(params: Record<string, unknown>, name: string, missing: Set<string>): unknown {
  const v = getPath(params, name);
  if (v === undefined) missing.add(name);
  return v;
}
