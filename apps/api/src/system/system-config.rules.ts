import type { ConfigEntry } from '@agenthub/contracts';
import type { EnvVarSpec } from '../config/config.schema.js';
import type { Env } from '../config/config.schema.js';

/**
 * The configuration in force: every known variable with its effective value (given, else the
 * default). Secret ones never carry a value, only whether they are set.
 */
export function configInForce(specs: readonly EnvVarSpec[], env: Readonly<Env>): ConfigEntry[] {
  return specs.map((spec) => {
    const given = env[spec.name];
    const value = given === undefined || given.trim() === '' ? (spec.default ?? null) : given;
    const secret = spec.secret === true;
    return { name: spec.name, value: secret ? null : value, secret, set: value !== null && value !== '' };
  });
}
