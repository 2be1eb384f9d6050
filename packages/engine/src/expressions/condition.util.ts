import { Jexl } from 'jexl';
import { EngineError } from '../engine-error.js';

/**
 * Conditions use jexl: a small expression language with its own parser (no eval, no access to
 * globals or prototypes beyond the context it is given).
 */
const jexl = new Jexl();
jexl.addTransform('lower', (v: unknown) => String(v ?? '').toLowerCase());
jexl.addTransform('upper', (v: unknown) => String(v ?? '').toUpperCase());
jexl.addTransform('trim', (v: unknown) => String(v ?? '').trim());
jexl.addTransform('length', (v: unknown) => (Array.isArray(v) || typeof v === 'string' ? v.length : 0));
jexl.addTransform('includes', (v: unknown, needle: unknown) =>
  Array.isArray(v) ? v.includes(needle) : String(v ?? '').includes(String(needle)),
);
jexl.addTransform('number', (v: unknown) => Number(v));
jexl.addTransform('json', (v: unknown) => JSON.stringify(v));

export interface CompiledExpression {
  evaluate(context: Record<string, unknown>): Promise<unknown>;
}

export function compileExpression(source: string): CompiledExpression {
  let expr: ReturnType<typeof jexl.compile>;
  try {
    expr = jexl.compile(source);
  } catch (err) {
    throw new EngineError('invalid_expression', `Invalid expression "${source}": ${(err as Error).message}`);
  }
  return {
    async evaluate(context) {
      try {
        return await expr.eval(context);
      } catch (err) {
        throw new EngineError(
          'invalid_expression',
          `Expression "${source}" failed: ${(err as Error).message}`,
        );
      }
    },
  };
}

/** Returns an error message if the expression does not parse, undefined if it does. */
export function checkExpression(source: string): string | undefined {
  try {
    jexl.compile(source);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
