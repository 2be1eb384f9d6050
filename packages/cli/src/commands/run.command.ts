import { createInterface } from 'node:readline';
import type { RunEvent, TokenUsage } from '@agenthub/contracts';
import { ExitCode } from '../cli/exit-codes.js';
import type { Output } from '../cli/output.js';
import { printProblems } from './command-context.js';
import { requireManifest, resolveManifestPath } from '../manifest/load-manifest.js';
import { LocalAgent, newConversation, type ConversationState } from '../runtime/local-agent.js';

export interface RunFlags {
  input?: string;
  trace?: boolean;
  model?: string;
}

interface StepRow {
  nodeId: string;
  type: string;
  status: string;
  durationMs?: number;
  tokens?: TokenUsage;
}

/** The step table of `--trace`: one row per node execution, with its duration and tokens. */
export function formatTrace(rows: StepRow[]): string {
  const header = ['#', 'node', 'type', 'status', 'ms', 'prompt tok', 'completion tok'];
  const body = rows.map((r, i) => [
    String(i + 1),
    r.nodeId,
    r.type,
    r.status,
    r.durationMs !== undefined ? String(Math.round(r.durationMs)) : '',
    r.tokens ? String(r.tokens.promptTokens) : '',
    r.tokens ? String(r.tokens.completionTokens) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

/** Renders one turn's events; returns the final status. */
async function renderTurn(
  out: Output,
  events: AsyncIterable<RunEvent>,
  flags: RunFlags,
): Promise<{ status: string; prompt: string | null }> {
  const rows: StepRow[] = [];
  let status = 'completed';
  let prompt: string | null = null;
  let midLine = false;
  const endLine = () => {
    if (midLine) out.write('\n');
    midLine = false;
  };
  for await (const event of events) {
    if (out.json) out.data(event);
    switch (event.type) {
      case 'message':
        out.write(event.data.delta);
        midLine = !event.data.delta.endsWith('\n');
        break;
      case 'node':
        if (event.data.status !== 'started')
          rows.push({
            nodeId: event.data.nodeId,
            type: event.data.type,
            status: event.data.status,
            durationMs: event.data.durationMs,
          });
        if (!out.json)
          process.stderr.write(
            out.style.dim(
              `  ${event.data.status === 'started' ? '▸' : event.data.status === 'finished' ? '✓' : '✗'} ${event.data.nodeId} (${event.data.type})${event.data.durationMs !== undefined ? ` ${Math.round(event.data.durationMs)} ms` : ''}\n`,
            ),
          );
        break;
      case 'thought':
        if (!out.json) process.stderr.write(out.style.dim(`  … ${event.data.content.slice(0, 200)}\n`));
        break;
      case 'tool':
        if (!out.json) process.stderr.write(out.style.cyan(`  ⚙ ${event.data.name} ${event.data.status}\n`));
        break;
      case 'interrupt':
        prompt = event.data.prompt;
        break;
      case 'error':
        endLine();
        out.error(out.style.red(`error ${event.data.code}: ${event.data.message}`));
        break;
      case 'done': {
        status = event.data.status;
        for (const row of rows) row.tokens = event.data.nodeUsage?.[row.nodeId];
        break;
      }
      case 'run':
        break;
    }
  }
  endLine();
  if (prompt && !out.json) out.info(out.style.yellow(`? ${prompt}`));
  if (flags.trace && !out.json) out.info(`\n${formatTrace(rows)}`);
  return { status, prompt };
}

/**
 * `agenthub run [path]`: the agent on the local engine. `--input` runs one turn and exits
 * (1 if it failed); without it, an interactive chat until `/exit` or end of input. A human-input
 * pause shows its question and the next line answers it.
 */
export async function runCommand(out: Output, target: string | undefined, flags: RunFlags): Promise<number> {
  const loaded = requireManifest(resolveManifestPath(target), { model: flags.model });
  if (!out.json) printProblems(out, loaded.warnings);
  const agent = new LocalAgent(loaded);
  const state: ConversationState = newConversation();

  if (flags.input !== undefined) {
    const { status } = await renderTurn(out, agent.send(state, flags.input), flags);
    return status === 'failed' || status === 'cancelled' ? ExitCode.failure : ExitCode.ok;
  }

  const rl = createInterface({ input: process.stdin, terminal: false });
  const ask = () =>
    process.stderr.write(state.pending ? out.style.yellow('answer> ') : out.style.bold('you> '));
  if (!out.json)
    out.info(out.style.dim(`${loaded.manifest.name} — local run. Type a message; /exit or Ctrl-D to quit.`));
  let lastStatus = 'completed';
  ask();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/exit' || text === '/quit') break;
    if (text) lastStatus = (await renderTurn(out, agent.send(state, text), flags)).status;
    ask();
  }
  rl.close();
  return lastStatus === 'failed' ? ExitCode.failure : ExitCode.ok;
}
