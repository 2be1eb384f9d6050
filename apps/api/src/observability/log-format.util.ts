import type { DestinationStream } from 'pino';
import pretty from 'pino-pretty';

export type LogFormatSetting = 'auto' | 'pretty' | 'json';

/**
 * `auto`: human-readable lines when stdout is a terminal (`npm start` in a shell), JSON lines
 * otherwise (containers, pipes, log shippers). `pretty` / `json` force one.
 */
export function resolveLogFormat(setting: LogFormatSetting, isTty: boolean): 'pretty' | 'json' {
  if (setting === 'auto') return isTty ? 'pretty' : 'json';
  return setting;
}

/**
 * Where log records go: undefined = pino's JSON to stdout; for `pretty`, a pino-pretty stream in
 * this process (synchronous, so the last lines before an exit are not lost).
 */
export function logDestinationFor(
  setting: LogFormatSetting,
  out: NodeJS.WriteStream = process.stdout,
): DestinationStream | undefined {
  if (resolveLogFormat(setting, out.isTTY === true) === 'json') return undefined;
  return pretty({
    destination: out,
    sync: true,
    colorize: out.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    // `[Context] message`; a request is one line (method, URL, status, time), not its req/res objects.
    ignore: 'pid,hostname,context,req,res,responseTime,reqId',
    messageFormat:
      '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.url} {res.statusCode} ({responseTime} ms){end}',
  });
}
