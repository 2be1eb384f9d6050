import { CliError, ExitCode } from '../cli/exit-codes.js';
import type { Output } from '../cli/output.js';
import { requireManifest, resolveManifestPath } from '../manifest/load-manifest.js';
import { resolveCredential } from '../platform/credentials.store.js';
import { LocalAgent } from '../runtime/local-agent.js';
import { startHeartbeat } from '../serve/heartbeat.js';
import { createInvokeServer } from '../serve/invoke-server.js';
import { DirectorySessionStore, MemorySessionStore } from '../serve/session.store.js';

export interface ServeFlags {
  port?: string;
  host?: string;
  sessions?: string;
  token?: string;
  platform?: string;
  instance?: string;
  apiKey?: string;
  heartbeatInterval?: string;
  blockPrivateNetwork?: boolean;
  model?: string;
}

function intFlag(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(ExitCode.usage, `--${name} must be an integer from ${min} to ${max}`);
  return n;
}

/**
 * `agenthub serve [path]`: the agent as an HTTP runtime (`POST /invoke` SSE, `GET /health`),
 * sending heartbeats to a platform when `--platform` and `--instance` are given. Runs until
 * SIGINT/SIGTERM.
 */
export async function serveCommand(
  out: Output,
  target: string | undefined,
  flags: ServeFlags,
): Promise<number> {
  const port = intFlag('port', flags.port ?? process.env.PORT, 8787, 0, 65535);
  const interval = intFlag('heartbeat-interval', flags.heartbeatInterval, 30, 1, 3600);
  const host = flags.host ?? '127.0.0.1';
  if (Boolean(flags.platform) !== Boolean(flags.instance))
    throw new CliError(ExitCode.usage, '--platform and --instance go together');
  // Checked before listening: a runtime that cannot report should not start half-configured.
  const heartbeatKey = flags.platform
    ? resolveCredential({ server: flags.platform, apiKey: flags.apiKey }).apiKey
    : null;
  if (flags.platform && !heartbeatKey)
    throw new CliError(
      ExitCode.auth,
      `Heartbeats need an API key for ${flags.platform}: agenthub login, --api-key or AGENTHUB_API_KEY`,
      'not_logged_in',
    );
  const loaded = requireManifest(resolveManifestPath(target), { model: flags.model });
  const agent = new LocalAgent(
    loaded,
    flags.blockPrivateNetwork ? { ssrf: { allowPrivateNetwork: false } } : {},
  );
  const sessions = flags.sessions ? new DirectorySessionStore(flags.sessions) : new MemorySessionStore();
  const token = flags.token ?? process.env.AGENTHUB_SERVE_TOKEN;
  const runtime = createInvokeServer({ agent, sessions, token: token || undefined });

  await new Promise<void>((resolve, reject) => {
    runtime.server.once('error', reject);
    runtime.server.listen(port, host, () => resolve());
  });
  const address = runtime.server.address();
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${typeof address === 'object' && address ? address.port : port}`;
  if (out.json) out.data({ event: 'listening', url, agent: loaded.manifest.slug, sessions: sessions.kind });
  else
    out.info(
      `${out.style.green('✓')} ${loaded.manifest.slug} listening on ${url} (POST /invoke, GET /health)`,
    );

  let heartbeat: { stop(): void } | null = null;
  if (flags.platform && flags.instance) {
    heartbeat = startHeartbeat({
      platform: flags.platform,
      apiKey: heartbeatKey!,
      instanceId: flags.instance,
      agentSlug: loaded.manifest.slug,
      version: loaded.manifest.version ?? '0.0.0',
      intervalSec: interval,
      activeSessions: runtime.activeSessions,
      onError: (message) => out.error(out.style.yellow(message)),
    });
    out.info(out.style.dim(`heartbeats to ${flags.platform} every ${interval}s as ${flags.instance}`));
  }

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  heartbeat?.stop();
  await runtime.close();
  return ExitCode.ok;
}
