import { resolve } from 'node:path';
import { ExitCode } from '../cli/exit-codes.js';
import type { Output } from '../cli/output.js';
import { pullAgent } from '../platform/agent-sync.js';
import { platformClient, type ServerFlags } from './command-context.js';
import { writeProject } from './project-files.js';

/**
 * `agenthub pull <slug> [--dir <dir>]`: writes the manifest and workflow of one of your server
 * agents. Anything that looks like a secret becomes a `${ENV}` placeholder (listed in
 * `.env.example`); model keys are never on the server's agent to begin with.
 */
export async function pullCommand(
  out: Output,
  slug: string,
  flags: ServerFlags & { dir?: string; force?: boolean },
): Promise<number> {
  const client = platformClient(flags);
  const pulled = await pullAgent(client, slug);
  const dir = resolve(flags.dir ?? slug);
  const envExample = ['OPENAI_API_KEY=', ...pulled.placeholders.map((p) => `${p.name}=   # ${p.path}`)];
  const files = writeProject(
    dir,
    { manifest: pulled.manifest, definition: pulled.definition, envExample },
    flags.force,
  );
  if (out.json) out.data({ ok: true, dir, source: pulled.source, files, placeholders: pulled.placeholders });
  else {
    out.info(`${out.style.green('✓')} pulled ${slug} (${pulled.source}) into ${dir}: ${files.join(', ')}`);
    for (const p of pulled.placeholders)
      out.info(out.style.yellow(`  ${p.path} was replaced by \${${p.name}}: set it to run locally`));
  }
  return ExitCode.ok;
}
