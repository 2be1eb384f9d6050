import { Writable } from 'node:stream';
import { pino } from 'pino';
import { logDestinationFor, resolveLogFormat } from './log-format.util.js';

function fakeStdout(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  out.isTTY = isTTY;
  out.text = () => chunks.join('');
  return out;
}

describe('LOG_FORMAT', () => {
  it('auto is human-readable on a terminal and JSON otherwise; pretty and json force one', () => {
    expect(resolveLogFormat('auto', true)).toBe('pretty');
    expect(resolveLogFormat('auto', false)).toBe('json');
    expect(resolveLogFormat('json', true)).toBe('json');
    expect(resolveLogFormat('pretty', false)).toBe('pretty');
    expect(logDestinationFor('auto', fakeStdout(false))).toBeUndefined();
    expect(logDestinationFor('json', fakeStdout(true))).toBeUndefined();
  });

  it('prints one readable line per record: context, message, and a request as method, URL, status, time', () => {
    const out = fakeStdout(false);
    const log = pino({}, logDestinationFor('pretty', out));
    log.info({ context: 'Boot' }, 'AgentHub is listening');
    log.info(
      {
        reqId: 'r1',
        req: { method: 'GET', url: '/v1/models', headers: { authorization: 'Bearer x' } },
        res: { statusCode: 200 },
        responseTime: 4,
      },
      'request completed',
    );
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \[Boot\] AgentHub is listening$/);
    expect(lines[1]).toMatch(/INFO: request completed GET \/v1\/models 200 \(4 ms\)$/);
    expect(out.text()).not.toContain('{');
  });
});
