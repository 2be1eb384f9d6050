import { ExitCode } from '../cli/exit-codes.js';
import type { Output } from '../cli/output.js';
import { requireManifest, resolveManifestPath } from '../manifest/load-manifest.js';
import { pushAgent } from '../platform/agent-sync.js';
import { platformClient, printProblems, type ServerFlags } from './command-context.js';

/**
 * `agenthub push [path]`: creates the agent (by slug) or updates its metadata, saves the
 * workflow and system prompt as its draft; `--publish` then submits `version` with `changelog`.
 * The files are sent as written (no `${ENV}` substitution), and models/MCP settings stay local.
 */
export async function pushCommand(
  out: Output,
  target: string | undefined,
  flags: ServerFlags & { publish?: boolean },
): Promise<number> {
  const loaded = requireManifest(resolveManifestPath(target), { envMode: 'verbatim' });
  if (!out.json) printProblems(out, loaded.warnings);
  const client = platformClient(flags);
  const result = await pushAgent(client, loaded, { publish: flags.publish });
  if (out.json) out.data({ ok: true, server: client.server, ...result });
  else {
    out.info(
      `${out.style.green('✓')} ${result.created ? 'created' : 'updated'} ${result.slug} on ${client.server} (draft saved${result.validation.valid ? '' : ', with validation problems'})`,
    );
    for (const issue of result.validation.issues)
      out.error(
        out.style.yellow(`  server: ${issue.severity} ${issue.code} at ${issue.path}: ${issue.message}`),
      );
    if (result.published)
      out.info(
        `${out.style.green('✓')} submitted version ${result.published.version}: ${result.published.reviewStatus}`,
      );
  }
  return ExitCode.ok;
}
