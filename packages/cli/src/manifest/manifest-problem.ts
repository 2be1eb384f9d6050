/** One problem found in a manifest or its workflow, located as `file:line:col`. */
export interface ManifestProblem {
  file: string;
  line: number;
  col: number;
  /** Dot path inside the file's document (e.g. `models.default.apiKey`, `nodes.1.config`). */
  path: string;
  code: string;
  message: string;
  severity: 'error' | 'warning';
}

export function formatProblem(p: ManifestProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.severity} ${p.code}: ${p.message}`;
}

/** Thrown by commands that need a usable manifest; carries every problem found. */
export class ManifestInvalidError extends Error {
  constructor(readonly problems: ManifestProblem[]) {
    super(`The manifest has ${problems.filter((p) => p.severity === 'error').length} problem(s)`);
  }
}
