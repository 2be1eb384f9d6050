// `npm run build|lint|typecheck|bench`: turbo with its telemetry notice off (see runTurbo).
import { runTurbo } from './lib.mjs';

process.exit(await runTurbo(process.argv.slice(2)));
