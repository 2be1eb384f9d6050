/** The model overrides of a version that the runtime understands (the contract allows extra keys). */
export function pickModelParams(overrides: Record<string, unknown>): {
  temperature?: number;
  maxTokens?: number;
  topP?: number;
} {
  const out: { temperature?: number; maxTokens?: number; topP?: number } = {};
  for (const key of ['temperature', 'maxTokens', 'topP'] as const) {
    const value = overrides[key];
    if (typeof value === 'number') out[key] = value;
  }
  return out;
}
