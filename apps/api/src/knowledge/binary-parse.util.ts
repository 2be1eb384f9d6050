import { Worker } from 'node:worker_threads';

/**
 * PDF and DOCX files are parsed in a worker thread with a memory cap and a deadline: a huge PDF
 * or a zip bomb in a DOCX ends that worker (the document fails), never the API process. The
 * worker is plain CommonJS evaluated from a string, so it runs the same from sources and dist.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const bytes = Buffer.from(workerData.bytes);
  if (workerData.format === 'pdf') {
    const unpdf = require(workerData.modulePath);
    const pdf = await unpdf.getDocumentProxy(new Uint8Array(bytes));
    const { text } = await unpdf.extractText(pdf, { mergePages: true });
    return text;
  }
  const mammoth = require(workerData.modulePath);
  const { value } = await mammoth.extractRawText({ buffer: bytes });
  return value;
})().then(
  (text) => parentPort.postMessage({ text }),
  (err) => parentPort.postMessage({ error: String((err && err.message) || err) }),
);
`;

export const PARSE_WORKER_MEMORY_MB = 256;

export function parseBinaryInWorker(
  bytes: Buffer,
  format: 'pdf' | 'docx',
  timeoutMs: number,
): Promise<string> {
  const modulePath = require.resolve(format === 'pdf' ? 'unpdf' : 'mammoth');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { bytes, format, modulePath },
      resourceLimits: { maxOldGenerationSizeMb: PARSE_WORKER_MEMORY_MB, maxYoungGenerationSizeMb: 32 },
      stdout: true,
      stderr: true,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`parsing took longer than ${timeoutMs} ms`))),
      timeoutMs,
    );
    worker.once('message', (msg: { text?: string; error?: string }) =>
      finish(() => (msg.error !== undefined ? reject(new Error(msg.error)) : resolve(msg.text ?? ''))),
    );
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the parser stopped (exit code ${code})`))));
  });
}
