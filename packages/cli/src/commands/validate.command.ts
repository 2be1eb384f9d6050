import { ExitCode } from '../cli/exit-codes.js';
import type { Output } from '../cli/output.js';
import { loadManifest, resolveManifestPath } from '../manifest/load-manifest.js';
import { printProblems } from './command-context.js';

/** `agenthub validate [path]`: every problem of the manifest and its workflow, as file:line:col. */
export async function validateCommand(out: Output, target: string | undefined): Promise<number> {
  const path = resolveManifestPath(target);
  const { loaded, problems } = loadManifest(path);
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  if (out.json) out.data({ ok: errors === 0, errors, warnings, problems });
  else {
    printProblems(out, problems);
    if (loaded)
      out.info(
        out.style.green(
          `✓ ${loaded.manifest.slug}: manifest and workflow are valid (${loaded.definition.nodes.length} nodes${warnings ? `, ${warnings} warning(s)` : ''})`,
        ),
      );
    else out.error(out.style.red(`✗ ${errors} error(s), ${warnings} warning(s)`));
  }
  return errors ? ExitCode.invalid : ExitCode.ok;
}
