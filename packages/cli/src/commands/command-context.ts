import { CliError, ExitCode } from '../cli/exit-codes.js';
import { createOutput, type Output } from '../cli/output.js';
import { formatProblem, ManifestInvalidError, type ManifestProblem } from '../manifest/manifest-problem.js';
import { resolveCredential } from '../platform/credentials.store.js';
import { PlatformClient } from '../platform/platform-client.js';

export interface GlobalOptions {
  json?: boolean;
  color?: boolean;
}

export function printProblems(out: Output, problems: ManifestProblem[]): void {
  for (const p of problems) {
    const line = formatProblem(p);
    out.error(p.severity === 'error' ? out.style.red(line) : out.style.yellow(line));
  }
}

/**
 * Runs a command action with the output it asked for, and turns failures into the documented
 * exit codes: problems as `file:line:col` lines (or JSON with `--json`), other errors as one line.
 */
export async function runAction(
  globals: GlobalOptions,
  action: (out: Output) => Promise<number | void>,
): Promise<never> {
  const out = createOutput({ json: globals.json, noColor: globals.color === false });
  let code: number;
  try {
    code = (await action(out)) ?? ExitCode.ok;
  } catch (err) {
    if (err instanceof ManifestInvalidError) {
      if (out.json) out.data({ ok: false, code: 'manifest_invalid', problems: err.problems });
      else printProblems(out, err.problems);
      out.error(out.style.red(err.message));
      code = ExitCode.invalid;
    } else if (err instanceof CliError) {
      if (out.json) out.data({ ok: false, code: err.code, message: err.message });
      out.error(out.style.red(`error: ${err.message}`));
      code = err.exitCode;
    } else {
      out.error(out.style.red(`error: ${(err as Error).stack ?? String(err)}`));
      code = ExitCode.failure;
    }
  }
  // Let stdout drain before exiting (pipes are asynchronous).
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(code);
}

export interface ServerFlags {
  server?: string;
  apiKey?: string;
}

/** A client for the server of the flags / environment / last login, or exit 4 with how to log in. */
export function platformClient(flags: ServerFlags, options: { requireKey?: boolean } = {}): PlatformClient {
  const { server, apiKey } = resolveCredential(flags);
  if (!server)
    throw new CliError(
      ExitCode.auth,
      'No server: run `agenthub login --server <url>` or pass --server',
      'not_logged_in',
    );
  if (!apiKey && options.requireKey !== false)
    throw new CliError(
      ExitCode.auth,
      `Not logged in to ${server}: run \`agenthub login --server ${server}\` or set AGENTHUB_API_KEY`,
      'not_logged_in',
    );
  return new PlatformClient(server, apiKey);
}
