import { config } from 'zod';

/**
 * Zod parses objects faster with code it generates through `new Function`, and probes whether it
 * may by calling `new Function('')`; under the app's CSP (no eval) that probe is a reported
 * violation even though Zod catches the error. `jitless` skips both. It must run before any Zod
 * object schema exists (Zod reads it when a schema is created), so `main.ts` imports this first.
 */
config({ jitless: true });
