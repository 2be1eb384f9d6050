import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { DataSource } from 'typeorm';
import { createTestApp } from './helpers/test-app';

describe('graceful shutdown', () => {
  it('finishes in-flight requests, refuses new ones, then closes the database pool', async () => {
    const t = await createTestApp();
    try {
      const user = await t.createUser();
      await t.app.listen(0, '127.0.0.1');
      const server = t.app.getHttpServer() as Server;
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

      // A login spends tens of milliseconds in argon2: shut down while it is being served.
      const arrived = new Promise<void>((resolve) => server.once('request', () => resolve()));
      const inflight = fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', connection: 'close' },
        body: JSON.stringify({ email: user.email, password: user.password }),
      });
      await arrived;
      const closing = t.app.close();

      const res = await inflight;
      expect(res.status).toBe(200);
      expect(((await res.json()) as { user: { id: string } }).user.id).toBe(user.id);
      await closing;

      await expect(fetch(`${url}/api/health`)).rejects.toThrow();
      expect(t.app.get(DataSource).isInitialized).toBe(false);
    } finally {
      await t.db.drop();
    }
  });
});
