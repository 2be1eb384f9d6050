import type { WorkflowDiff } from '@agenthub/contracts';
import { ExitCode } from '../cli/exit-codes.js';
import type { Output } from '../cli/output.js';
import { requireManifest, resolveManifestPath } from '../manifest/load-manifest.js';
import { diffAgent, diffIsEmpty } from '../platform/agent-sync.js';
import { platformClient, type ServerFlags } from './command-context.js';

/** Human lines for a workflow diff: `+` only local, `-` only on the server, `~` changed. */
export function formatWorkflowDiff(d: WorkflowDiff, out: Output): string[] {
  const add = (s: string) => out.style.green(`+ ${s}`);
  const del = (s: string) => out.style.red(`- ${s}`);
  const chg = (s: string) => out.style.yellow(`~ ${s}`);
  const edge = (e: WorkflowDiff['edgesAdded'][number]) =>
    `edge ${e.from} → ${e.to} (${e.type}${e.label ? `: ${e.label}` : ''})`;
  return [
    ...(d.entryChanged ? [chg(`entry ${d.entryChanged.from} → ${d.entryChanged.to}`)] : []),
    ...d.variablesChanged.map((v) => chg(`variable ${v}`)),
    ...d.nodesAdded.map((n) => add(`node ${n.id} (${n.type})`)),
    ...d.nodesRemoved.map((n) => del(`node ${n.id} (${n.type})`)),
    ...d.nodesChanged.map((n) =>
      chg(
        `node ${n.id}: ${[
          ...(n.typeChanged ? [`type ${n.typeChanged.from} → ${n.typeChanged.to}`] : []),
          ...n.configKeys.map((k) => `config.${k}`),
          ...(n.servicesChanged ? ['services'] : []),
          ...(n.nameChanged ? ['name'] : []),
        ].join(', ')}`,
      ),
    ),
    ...d.edgesAdded.map((e) => add(edge(e))),
    ...d.edgesRemoved.map((e) => del(edge(e))),
    ...d.conditionsChanged.map((from) => chg(`condition of ${from}`)),
  ];
}

/**
 * `agenthub diff [path]`: the local agent against the server draft (structural: nodes and edges
 * added/removed/changed, metadata). Exit 0 when equal, 6 when different, 7 when not on the server.
 */
export async function diffCommand(
  out: Output,
  target: string | undefined,
  flags: ServerFlags,
): Promise<number> {
  const loaded = requireManifest(resolveManifestPath(target), { envMode: 'verbatim' });
  const client = platformClient(flags);
  const diff = await diffAgent(client, loaded);
  const same = diffIsEmpty(diff);
  if (out.json) out.data({ ok: true, same, ...diff });
  else if (!diff.exists)
    out.info(`${loaded.manifest.slug} is not on ${client.server} yet: agenthub push creates it`);
  else if (same)
    out.info(
      `${out.style.green('✓')} ${loaded.manifest.slug}: local and server (${diff.source}) are the same`,
    );
  else {
    out.info(out.style.bold(`${loaded.manifest.slug}: server ${diff.source} → local`));
    for (const m of diff.metadata)
      out.info(out.style.yellow(`~ ${m.field}: ${JSON.stringify(m.server)} → ${JSON.stringify(m.local)}`));
    for (const line of formatWorkflowDiff(diff.workflow!, out)) out.info(line);
  }
  if (!diff.exists) return ExitCode.notFound;
  return same ? ExitCode.ok : ExitCode.different;
}
