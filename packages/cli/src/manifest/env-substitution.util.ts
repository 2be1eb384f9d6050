/**
 * `${NAME}` and `${NAME:-default}` substitution in manifest strings (shell semantics for `:-`:
 * the default applies when the variable is unset or empty). `$${` stays a literal `${`.
 */
export interface MissingEnvVariable {
  name: string;
  /** Offset of the `${` in the string. */
  index: number;
}

export interface SubstitutionResult {
  value: string;
  missing: MissingEnvVariable[];
  /** Whether the string referenced any variable (so it holds no secret written in clear). */
  referencesEnv: boolean;
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{[^}]*\}?/g;

export function substituteEnv(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
): SubstitutionResult & { malformed: MissingEnvVariable[] } {
  const missing: MissingEnvVariable[] = [];
  const malformed: MissingEnvVariable[] = [];
  let referencesEnv = false;
  const value = text.replace(
    REFERENCE,
    (match, name: string | undefined, fallback: string | undefined, index: number) => {
      if (match === '$${') return '${';
      if (name === undefined) {
        malformed.push({ name: match, index });
        return match;
      }
      referencesEnv = true;
      const set = env[name];
      if (set !== undefined && set !== '') return set;
      if (fallback !== undefined) return fallback;
      missing.push({ name, index });
      return match;
    },
  );
  return { value, missing, malformed, referencesEnv };
}
