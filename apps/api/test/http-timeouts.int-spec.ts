import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import type { RunEvent } from '@agenthub/contracts';
import { writeSse } from '../src/common/sse.util';
import { createTestApp, type TestApp } from './helpers/test-app';

/** Resolves with what the server sent once it closes the connection (rejects after `ms`). */
function closedBy(socket: Socket, ms: number): Promise<string> {
  let received = '';
  socket.on('data', (c: Buffer) => (received += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
    socket.on('error', () => undefined);
  });
}

describe('HTTP server timeouts for slow clients', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({
      env: { HTTP_HEADERS_TIMEOUT: '1s', HTTP_REQUEST_TIMEOUT: '2s', HTTP_KEEP_ALIVE_TIMEOUT: '1s' },
    });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    await t.close();
  });

  const open = () => connect(port, '127.0.0.1');

  it('closes a connection that stalls inside its headers (408)', async () => {
    const socket = open();
    socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expect(await closedBy(socket, 5000)).toMatch(/^HTTP\/1\.1 408/);
  });

  it('closes a connection that stalls inside its body', async () => {
    const socket = open();
    socket.write(
      'POST /api/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n{"email":',
    );
    const received = await closedBy(socket, 6000);
    expect(received).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('closes an idle keep-alive connection', async () => {
    const socket = open();
    const done = closedBy(socket, 5000);
    socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(await done).toMatch(/^HTTP\/1\.1 200/);
  });

  it('rejects a request timeout shorter than the headers timeout at boot', async () => {
    await expect(
      createTestApp({ env: { HTTP_HEADERS_TIMEOUT: '30s', HTTP_REQUEST_TIMEOUT: '10s' } }),
    ).rejects.toThrow(/HTTP_REQUEST_TIMEOUT: must be at least HTTP_HEADERS_TIMEOUT/);
  });
});

describe('SSE stream whose client does not read', () => {
  let server: Server;
  let port: number;
  const finished: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      const controller = new AbortController();
      controller.signal.addEventListener('abort', () => finished.push('run aborted'));
      // Like a run: produces until it is cancelled.
      async function* endless(): AsyncGenerator<RunEvent> {
        try {
          for (let i = 0; !controller.signal.aborted; i++) {
            yield { type: 'message', data: { delta: 'x'.repeat(64 * 1024), nodeId: `n${i}` } } as RunEvent;
            await new Promise((r) => setImmediate(r));
          }
        } finally {
          finished.push('producer released');
        }
      }
      void writeSse(req, res, endless(), { abortController: controller, heartbeatMs: 200 });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is closed after a heartbeat interval without progress, and its run is cancelled', async () => {
    const socket = connect(port, '127.0.0.1');
    socket.write('GET /events HTTP/1.1\r\nHost: localhost\r\n\r\n');
    socket.pause(); // never reads: the server's buffers fill up
    const deadline = Date.now() + 8000;
    while (finished.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    expect(finished.sort()).toEqual(['producer released', 'run aborted']);
  });
});
