/* global URL */
// A TCP proxy between the browser and the API that can cut every open connection at once, the
// way a dropped Wi-Fi or a restarted load balancer does, while it keeps accepting new ones.
import { connect, createServer } from 'node:net';

/**
 * @param {string} target base URL of the API, e.g. http://127.0.0.1:41234
 * @returns {Promise<{ url: string, cutAll: () => number, connections: () => number, accepted: () => number, close: () => Promise<void> }>}
 */
export async function startTcpProxy(target) {
  const { hostname, port } = new URL(target);
  /** Every live socket pair, so `cutAll` can drop both sides. */
  const pairs = new Set();
  let accepted = 0;

  const server = createServer((client) => {
    accepted += 1;
    const upstream = connect({ host: hostname, port: Number(port) });
    const pair = { client, upstream };
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    // Long-lived SSE responses must reach the browser as they are written, not in batches.
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;

  return {
    url,
    /** Resets every open connection (both sides) and returns how many there were. */
    cutAll() {
      const n = pairs.size;
      for (const { client, upstream } of [...pairs]) {
        client.resetAndDestroy();
        upstream.resetAndDestroy();
      }
      pairs.clear();
      return n;
    },
    connections: () => pairs.size,
    accepted: () => accepted,
    close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
