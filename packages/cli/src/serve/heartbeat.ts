import { hostname } from 'node:os';

export interface HeartbeatOptions {
  /** Platform base URL, e.g. `https://agenthub.example.com`. */
  platform: string;
  apiKey: string;
  instanceId: string;
  agentSlug: string;
  version: string;
  intervalSec: number;
  activeSessions: () => number;
  onError?: (message: string) => void;
  onSent?: () => void;
}

/** The body of `POST /api/runtime-instances/heartbeat`. */
export function heartbeatBody(options: HeartbeatOptions, startedAt: number) {
  return {
    instanceId: options.instanceId,
    agentSlug: options.agentSlug,
    version: options.version,
    host: hostname(),
    uptimeSec: Math.floor((Date.now() - startedAt) / 1000),
    activeSessions: options.activeSessions(),
    memoryMb: Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10,
    intervalSec: options.intervalSec,
  };
}

/**
 * Sends a heartbeat at once and then every `intervalSec`. A failed beat is reported and the next
 * one tried on schedule: the runtime keeps serving when the platform is down.
 */
export function startHeartbeat(options: HeartbeatOptions): { stop(): void } {
  const startedAt = Date.now();
  const url = `${options.platform.replace(/\/+$/, '')}/api/runtime-instances/heartbeat`;
  let inFlight = false;
  const beat = async () => {
    if (inFlight) return;
    inFlight = true;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
        body: JSON.stringify(heartbeatBody(options, startedAt)),
        signal: AbortSignal.timeout(Math.max(1000, Math.min(10_000, options.intervalSec * 1000))),
      });
      if (!res.ok) options.onError?.(`heartbeat → ${res.status} ${(await res.text()).slice(0, 200)}`);
      else options.onSent?.();
    } catch (err) {
      options.onError?.(`heartbeat failed: ${(err as Error).message}`);
    } finally {
      inFlight = false;
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.intervalSec * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
