// `npm start`: install what is missing, build, and start the whole product on one port.
// With no DATABASE_URL the API starts an embedded PostgreSQL (data in .data/) and runs agents inline.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { assertNodeVersion, ensureInstalled, log, root, runTurbo } from './lib.mjs';

assertNodeVersion();
await ensureInstalled();
log('Building (cached after the first time)…');
const buildCode = await runTurbo(['run', 'build', '--output-logs=errors-only']);
if (buildCode !== 0) process.exit(buildCode);

const api = spawn(process.execPath, [join(root, 'apps/api/dist/main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { NODE_ENV: 'production', ...process.env },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
api.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
