import { createInterface } from 'node:readline';
import { CliError, ExitCode } from '../cli/exit-codes.js';
import type { Output } from '../cli/output.js';
import { normalizeServer, saveCredential } from '../platform/credentials.store.js';
import { PlatformClient } from '../platform/platform-client.js';

async function readKeyFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('API key (create one under Account → API keys): ');
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line.trim();
  }
  return '';
}

/**
 * `agenthub login --server <url> [--api-key <key>]`: checks the key with `GET /api/me` and stores
 * it for that server (mode 0600). Without `--api-key` the key is read from stdin, so it stays out
 * of the shell history.
 */
export async function loginCommand(
  out: Output,
  flags: { server?: string; apiKey?: string },
): Promise<number> {
  if (!flags.server) throw new CliError(ExitCode.usage, 'login needs --server <url>');
  let server: string;
  try {
    server = normalizeServer(flags.server);
  } catch (err) {
    throw new CliError(ExitCode.usage, (err as Error).message);
  }
  const apiKey = flags.apiKey ?? process.env.AGENTHUB_API_KEY ?? (await readKeyFromStdin());
  if (!apiKey) throw new CliError(ExitCode.usage, 'No API key given');
  const me = await new PlatformClient(server, apiKey).get<{ email: string; roles: string[] }>('/api/me');
  const file = saveCredential(server, apiKey, me.email);
  if (out.json) out.data({ ok: true, server, user: me.email, roles: me.roles, credentials: file });
  else
    out.info(
      `${out.style.green('✓')} logged in to ${server} as ${me.email} (${me.roles.join(', ')}); key saved in ${file}`,
    );
  return ExitCode.ok;
}
