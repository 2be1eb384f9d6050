// Entry of a sandbox worker thread: runs one job at a time, posted by code-sandbox.pool.ts.
import { parentPort } from 'node:worker_threads';
import { CodeSandboxError } from './code-sandbox.errors.js';
import { runInQuickJs } from './code-sandbox.runner.js';
import type { SandboxJob, SandboxReply } from './code-sandbox.protocol.js';

const port = parentPort;
if (!port) throw new Error('code-sandbox.worker must run in a worker thread');

port.on('message', (job: SandboxJob) => {
  const reply = (message: SandboxReply): void => port.postMessage(message);
  runInQuickJs(job, () => reply({ type: 'started', id: job.id })).then(
    (text) => reply({ type: 'done', id: job.id, text }),
    (err: unknown) =>
      reply(
        err instanceof CodeSandboxError
          ? { type: 'failed', id: job.id, code: err.code, message: err.message, line: err.line }
          : {
              type: 'failed',
              id: job.id,
              code: 'code_error',
              message: `The sandbox failed: ${err instanceof Error ? err.message : String(err)}`,
            },
      ),
  );
});
