// Messages between the main thread (code-sandbox.pool.ts) and a sandbox worker.
import type { CodeSandboxErrorCode } from './code-sandbox.errors.js';

export interface SandboxJob {
  id: number;
  source: string;
  /** The input, already JSON text: the worker parses it inside QuickJS. */
  json: string;
  timeoutMs: number;
  memoryBytes: number;
  /** Largest JSON result (UTF-8 bytes); a larger one fails with `code_output_too_large`. */
  maxOutputBytes: number;
}

export type SandboxReply =
  /** QuickJS is loaded and the synchronous run begins now. */
  | { type: 'started'; id: number }
  | { type: 'done'; id: number; text: string }
  | { type: 'failed'; id: number; code: CodeSandboxErrorCode; message: string; line?: number };
