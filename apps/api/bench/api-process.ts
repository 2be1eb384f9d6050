/**
 * The built API (dist/main.js) and queue worker (dist/worker.js) as child processes for the chat
 * benchmark, plus their CPU time and memory from /proc (Linux). Started like the browser tests'
 * harness (apps/web/e2e/lib/api-server.mjs): environment variables only, readiness by polling
 * /api/health (API) or the "Worker ready" log line (worker).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', 'dist');

export interface BenchProcess {
  role: 'api' | 'worker';
  child: ChildProcess;
  pid: number;
  /** Last 20 000 characters of its stdout + stderr. */
  output(): string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `dist/main.js` (role api) or `dist/worker.js` (role worker) with `env` on top of this
 * process's environment, and resolves once it is ready. With CHAT_BENCH_CPU_PROF=<dir> the child
 * preloads bench/cpu-profile.cjs (profiling toggled by SIGUSR2, see there).
 */
export async function startBenchProcess(
  role: 'api' | 'worker',
  env: Record<string, string>,
  readyUrl?: string,
): Promise<BenchProcess> {
  const entry = join(DIST, role === 'api' ? 'main.js' : 'worker.js');
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: run \`pnpm --filter @agenthub/api build\` first`);
  const profDir = process.env.CHAT_BENCH_CPU_PROF;
  const args = profDir ? ['-r', join(__dirname, 'cpu-profile.cjs'), entry] : [entry];
  const fullEnv: NodeJS.ProcessEnv = { ...process.env, ...env, CHAT_BENCH_ROLE: role };
  // Only what the bench sets decides the queue mode (not a REDIS_URL of the calling shell).
  for (const name of ['REDIS_URL', 'REDIS_KEY_PREFIX', 'QUEUE_MODE'])
    if (!(name in env)) delete fullEnv[name];
  const child = spawn(process.execPath, args, {
    cwd: join(__dirname, '..'),
    env: fullEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: string | null } | undefined;
  const exit = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const proc: BenchProcess = {
    role,
    child,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited)
      throw new Error(
        `${role} exited (code ${exited.code}, signal ${exited.signal}) before it was ready:\n${output}`,
      );
    if (readyUrl) {
      const ok = await fetch(readyUrl).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ok) return proc;
    } else if (output.includes('Worker ready')) return proc;
    await sleep(100);
  }
  await proc.stop();
  throw new Error(`${role} not ready within 60 s:\n${output}`);
}

/** User + system CPU time of a process so far, in ms (/proc/<pid>/stat, clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which is in parentheses and may contain spaces).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) * 10;
}

/** Resident set size now and its peak (VmHWM) so far, in MiB (/proc/<pid>/status). */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
}

/** Starts (first call) or stops and writes (second call) the CPU profile of a child, if profiling. */
export function toggleProfile(p: BenchProcess | undefined): void {
  if (p && process.env.CHAT_BENCH_CPU_PROF) p.child.kill('SIGUSR2');
}
