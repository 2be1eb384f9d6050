import { EngineError } from '../engine-error.js';

/** Narrow readers for config values that ajv already validated (defensive for custom executors). */
export function str(config: Record<string, unknown>, key: string, fallback?: string): string {
  const v = config[key];
  if (typeof v === 'string') return v;
  if (fallback !== undefined) return fallback;
  throw new EngineError('config_invalid', `Config "${key}" must be a string`);
}

export function optStr(config: Record<string, unknown>, key: string): string | undefined {
  const v = config[key];
  return typeof v === 'string' ? v : undefined;
}

export function optNum(config: Record<string, unknown>, key: string): number | undefined {
  const v = config[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(config: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = config[key];
  return typeof v === 'boolean' ? v : fallback;
}
