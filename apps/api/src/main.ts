import 'reflect-metadata';
import { createApp } from './app.setup.js';
import { resolveRuntime } from './config/runtime.js';

async function bootstrap(): Promise<void> {
  const { config, embedded, log } = await resolveRuntime(process.env, { allowEmbedded: true });
  let app;
  try {
    app = await createApp({ config, embedded });
  } catch (err) {
    await embedded?.stop().catch(() => undefined);
    throw err;
  }
  // SIGTERM/SIGINT: Nest stops accepting connections, waits for in-flight requests, then runs
  // the shutdown hooks (database pool, Redis, embedded PostgreSQL). A hung request must not
  // keep the process alive forever, hence the deadline.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info(`${signal} received, shutting down (deadline ${config.shutdownTimeoutMs} ms)`);
      setTimeout(() => {
        log.error('Shutdown deadline passed, exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs).unref();
    });
  }
  await app.listen(config.port, config.host);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost}:${config.port}`;
  log.info(
    { url, mode: config.embedded ? 'embedded' : 'distributed', queueMode: config.queueMode },
    `AgentHub is listening on ${url}`,
  );
  process.stdout.write(`\n  AgentHub is running at ${url}  (API docs: ${url}/api/docs)\n\n`);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(
    `AgentHub failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
