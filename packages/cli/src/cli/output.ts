import type { Writable } from 'node:stream';

/** ANSI styles, turned into no-ops when colour is off. */
export interface Styles {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

export interface Output {
  /** `--json`: one JSON document (or one JSON line per event) on stdout, nothing else there. */
  json: boolean;
  color: boolean;
  style: Styles;
  /** Human text on stdout (suppressed with `--json`). */
  info(text: string): void;
  /** Raw text on stdout without a newline (streamed tokens). */
  write(text: string): void;
  /** Diagnostics on stderr (always). */
  error(text: string): void;
  /** A JSON value on stdout (with `--json`). */
  data(value: unknown): void;
}

const wrap = (on: boolean, open: number, close: number) => (s: string) =>
  on ? `\u001b[${open}m${s}\u001b[${close}m` : s;

/**
 * Colour only on a TTY, never with `NO_COLOR` (https://no-color.org) or `--json`;
 * `FORCE_COLOR=1` turns it on for pipes.
 */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, json: boolean): boolean {
  if (json) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

export function createOutput(
  options: { json?: boolean; noColor?: boolean },
  streams: { stdout: Writable & { isTTY?: boolean }; stderr: Writable } = process,
  env: NodeJS.ProcessEnv = process.env,
): Output {
  const json = options.json ?? false;
  const color = !options.noColor && colorEnabled(streams.stdout, env, json);
  const style: Styles = {
    bold: wrap(color, 1, 22),
    dim: wrap(color, 2, 22),
    red: wrap(color, 31, 39),
    green: wrap(color, 32, 39),
    yellow: wrap(color, 33, 39),
    cyan: wrap(color, 36, 39),
  };
  return {
    json,
    color,
    style,
    info: (text) => {
      if (!json) streams.stdout.write(`${text}\n`);
    },
    write: (text) => {
      if (!json) streams.stdout.write(text);
    },
    error: (text) => {
      streams.stderr.write(`${text}\n`);
    },
    data: (value) => {
      streams.stdout.write(`${JSON.stringify(value)}\n`);
    },
  };
}
