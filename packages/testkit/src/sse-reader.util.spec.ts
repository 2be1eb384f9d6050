import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectSse, readSse } from './sse-reader.util';

async function* fromStrings(parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}

describe('readSse', () => {
  it('parses id, event and multi-line data, skipping comments and heartbeats', async () => {
    const events = await collectSse(
      fromStrings([
        ': connected\n\n',
        'id: 1\nevent: message\ndata: {"delta":"Hel',
        'lo"}\n\n:heartbeat\n\n',
        'id: 2\nevent: done\ndata: line one\ndata: line two\n\n',
      ]),
    );
    expect(events).toEqual([
      { id: '1', event: 'message', data: '{"delta":"Hello"}' },
      { id: '2', event: 'done', data: 'line one\nline two' },
    ]);
  });

  it('accepts CRLF and lone CR line endings, also split across chunks, and a BOM', async () => {
    const events = await collectSse(fromStrings(['\uFEFFdata: a\r', '\n\r', '\ndata:b\r\rdata: c\r']));
    // The last event has no blank line after it, so like a browser we do not dispatch it.
    expect(events).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('keeps field values verbatim except one leading space, and parses retry', async () => {
    const events = await collectSse(
      fromStrings(['data:  two spaces\nretry: 1500\ndata\n\n', 'event: x\n\n']),
    );
    // `data` with no colon adds an empty line; an event without data is not dispatched.
    expect(events).toEqual([{ data: ' two spaces\n', retry: 1500 }]);
  });

  it('reads a fetch Response body and a Node IncomingMessage', async () => {
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(': hi\n\n');
      res.write('id: 7\nevent: node\ndata: {"ok":true}\n\n');
      res.end('data: end\n\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const viaFetch = await collectSse(await fetch(url));
      const viaNode = await new Promise<Awaited<ReturnType<typeof collectSse>>>((resolve, reject) => {
        get(url, (res) => collectSse(res).then(resolve, reject)).on('error', reject);
      });
      const expected = [{ id: '7', event: 'node', data: '{"ok":true}' }, { data: 'end' }];
      expect(viaFetch).toEqual(expected);
      expect(viaNode).toEqual(expected);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('lets a consumer stop early on an endless stream and releases it', async () => {
    let closed = false;
    const server: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const t = setInterval(() => res.write(`data: ${n++}\n\n`), 5);
      res.on('close', () => {
        closed = true;
        clearInterval(t);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      const seen: string[] = [];
      for await (const e of readSse(res)) {
        seen.push(e.data);
        if (seen.length === 3) break;
      }
      expect(seen).toEqual(['0', '1', '2']);
      await new Promise((r) => setTimeout(r, 50));
      expect(closed).toBe(true);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
