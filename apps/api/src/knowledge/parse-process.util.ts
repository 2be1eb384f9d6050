import { spawn } from 'node:child_process';

/**
 * HTML, PDF and DOCX files are parsed in a **child process** with a V8 heap cap and a deadline: a huge
 * PDF or a zip bomb in a DOCX ends that process (the document fails), never the API. (A worker
 * thread is not enough: a worker reaching its heap limit during background compilation aborts
 * the whole process — seen with a 300 MiB DOCX bomb on Node 20.) The child gets the file on
 * stdin, answers JSON on stdout, and inherits no environment (no secrets). Its source is plain
 * CommonJS passed with `-e`, so it runs the same from sources and dist.
 */
const CHILD_SOURCE = `
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const [format, modulePath] = process.argv.slice(-2);
  const bytes = Buffer.concat(chunks);
  try {
    let text;
    if (format === 'html') {
      text = require(modulePath).convert(bytes.toString('utf8'), {
        wordwrap: false,
        selectors: [
          { selector: 'a', options: { ignoreHref: true } },
          { selector: 'img', format: 'skip' },
        ],
      });
    } else if (format === 'pdf') {
      const unpdf = require(modulePath);
      const pdf = await unpdf.getDocumentProxy(new Uint8Array(bytes));
      text = (await unpdf.extractText(pdf, { mergePages: true })).text;
    } else {
      text = (await require(modulePath).extractRawText({ buffer: bytes })).value;
    }
    process.stdout.write(JSON.stringify({ text }));
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: String((err && err.message) || err) }));
  }
});
`;

export const PARSE_PROCESS_MEMORY_MB = 256;
/** Most text a parser may hand back (JSON-encoded). */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

const PARSERS = { html: 'html-to-text', pdf: 'unpdf', docx: 'mammoth' } as const;

/** Text of an HTML (scripts and styles dropped), PDF or DOCX file, parsed in a child process. */
export function parseInChild(
  bytes: Buffer,
  format: keyof typeof PARSERS,
  timeoutMs: number,
): Promise<string> {
  const modulePath = require.resolve(PARSERS[format]);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [`--max-old-space-size=${PARSE_PROCESS_MEMORY_MB}`, '-e', CHILD_SOURCE, '--', format, modulePath],
      { env: {}, stdio: ['pipe', 'pipe', 'ignore'] },
    );
    const out: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      fn();
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`parsing took longer than ${timeoutMs} ms`))),
      timeoutMs,
    );
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_OUTPUT_BYTES) finish(() => reject(new Error('the document has too much text')));
      else out.push(c);
    });
    child.once('error', (err) => finish(() => reject(err)));
    child.once('close', (code, signal) =>
      finish(() => {
        try {
          const msg = JSON.parse(Buffer.concat(out).toString('utf8')) as { text?: string; error?: string };
          if (msg.error !== undefined) reject(new Error(msg.error));
          else resolve(msg.text ?? '');
        } catch {
          reject(new Error(`the parser stopped (${signal ?? `exit code ${code}`}; out of memory?)`));
        }
      }),
    );
    child.stdin.on('error', () => undefined); // the child may exit before reading everything
    child.stdin.end(bytes);
  });
}
