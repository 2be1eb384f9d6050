/** Keys whose values are credentials wherever they appear (HTTP headers, tool args, configs). */
const SECRET_KEY = /authorization|api[-_]?key|access[-_]?token|secret|password|passwd|cookie|^token$|bearer/i;
export const REDACTED = '••••';

/**
 * Copy of `value` with the values of secret-looking keys replaced. Node configs can hold a
 * developer's credentials (e.g. an http_request `Authorization` header) and the trace is shown to
 * whoever ran the agent, so they never reach `workflow_execution_steps`.
 */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 20 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    out[key] = SECRET_KEY.test(key) && v !== null && v !== '' ? REDACTED : redactSecrets(v, depth + 1);
  }
  return out;
}
