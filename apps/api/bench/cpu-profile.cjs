// Preloaded into the API / worker child by chat.bench.ts when CHAT_BENCH_CPU_PROF=<dir> is set:
// the first SIGUSR2 starts the V8 CPU profiler, the second writes <dir>/<role>-<pid>.cpuprofile
// (open it in Chrome DevTools or speedscope). `node --cpu-prof` would profile the whole life of the
// process (boot, setup) and writes nothing when Nest re-raises SIGTERM after its shutdown hooks.
/* eslint-disable */
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.CHAT_BENCH_CPU_PROF;
const role = process.env.CHAT_BENCH_ROLE || 'node';
const session = new Session();
session.connect();
let running = false;
process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.enable', () =>
      session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
    );
    return;
  }
  running = false;
  session.post('Profiler.stop', (err, res) => {
    const file = join(dir, `${role}-${process.pid}.cpuprofile`);
    writeFileSync(file, err ? '{}' : JSON.stringify(res.profile));
    process.stdout.write(`cpu profile written: ${file}\n`);
  });
});
