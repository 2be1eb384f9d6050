#!/usr/bin/env node
import { manifestJsonSchema } from '@agenthub/contracts';
import { Command, CommanderError } from 'commander';
import { ExitCode } from './cli/exit-codes.js';
import { runAction, type GlobalOptions } from './commands/command-context.js';
import { diffCommand } from './commands/diff.command.js';
import { initCommand } from './commands/init.command.js';
import { loginCommand } from './commands/login.command.js';
import { pullCommand } from './commands/pull.command.js';
import { pushCommand } from './commands/push.command.js';
import { runCommand } from './commands/run.command.js';
import { serveCommand } from './commands/serve.command.js';
import { validateCommand } from './commands/validate.command.js';

const program = new Command('agenthub')
  .description('Keep an AgentHub agent as files: validate, run and serve it locally, push and pull it.')
  .version('0.1.0')
  .option('--json', 'machine-readable output on stdout')
  .option('--no-color', 'no ANSI colours (also off when not a TTY or NO_COLOR is set)')
  .showHelpAfterError()
  .exitOverride();

const globals = (): GlobalOptions => program.opts<GlobalOptions>();
const serverOptions = (cmd: Command) =>
  cmd
    .option('--server <url>', 'AgentHub server (default: AGENTHUB_SERVER or the last login)')
    .option('--api-key <key>', 'API key (default: AGENTHUB_API_KEY or the stored one)');

serverOptions(
  program
    .command('init [dir]')
    .description('create a starter project: agenthub.yaml, workflow.yaml, README.md, agenthub.schema.json')
    .option('--name <name>', 'agent name (default: the directory name)')
    .option('--slug <slug>', 'agent slug (default: from the name)')
    .option('--template <id>', "start from one of the server's workflow templates (id or key; needs login)")
    .option('--force', 'overwrite an existing agenthub.yaml'),
).action((dir: string | undefined, flags) => runAction(globals(), (out) => initCommand(out, dir, flags)));

program
  .command('validate [path]')
  .description('check the manifest and its workflow; every problem as file:line:col')
  .action((path: string | undefined) => runAction(globals(), (out) => validateCommand(out, path)));

program
  .command('run [path]')
  .description('run the agent on the local engine (no server, no database): a chat, or one turn with --input')
  .option('-i, --input <text>', 'one turn with this message, then exit')
  .option('--trace', 'print the step table after each turn')
  .option('--model <name>', 'use this model of the manifest for every node ("demo": offline)')
  .action((path: string | undefined, flags) => runAction(globals(), (out) => runCommand(out, path, flags)));

program
  .command('serve [path]')
  .description('serve the agent over HTTP: POST /invoke (SSE), GET /health; heartbeats to a platform')
  .option('-p, --port <port>', 'port (default: PORT or 8787; 0 = any free port)')
  .option('--host <host>', 'interface to listen on', '127.0.0.1')
  .option('--sessions <dir>', 'keep sessions as JSON files in this directory (default: in memory)')
  .option('--token <token>', 'require Authorization: Bearer <token> on /invoke (or AGENTHUB_SERVE_TOKEN)')
  .option('--model <name>', 'use this model of the manifest for every node ("demo": offline)')
  .option('--block-private-network', 'refuse model/tool/HTTP calls to private and loopback addresses')
  .option('--platform <url>', 'AgentHub server to send heartbeats to')
  .option('--instance <id>', 'this runtime instance id (with --platform)')
  .option('--api-key <key>', 'API key for heartbeats (default: AGENTHUB_API_KEY or the stored one)')
  .option('--heartbeat-interval <seconds>', 'seconds between heartbeats', '30')
  .action((path: string | undefined, flags) => runAction(globals(), (out) => serveCommand(out, path, flags)));

program
  .command('login')
  .description('store an API key for a server (checked with GET /api/me; file mode 0600)')
  .requiredOption('--server <url>', 'AgentHub server URL')
  .option('--api-key <key>', 'the key (default: AGENTHUB_API_KEY, else read from stdin)')
  .action((flags) => runAction(globals(), (out) => loginCommand(out, flags)));

serverOptions(
  program
    .command('push [path]')
    .description("create or update the agent's draft on the server from the manifest")
    .option('--publish', 'then submit `version` with `changelog` for review'),
).action((path: string | undefined, flags) => runAction(globals(), (out) => pushCommand(out, path, flags)));

serverOptions(
  program
    .command('pull <slug>')
    .description('write agenthub.yaml + workflow.yaml of one of your server agents (secrets as ${ENV})')
    .option('--dir <dir>', 'target directory (default: ./<slug>)')
    .option('--force', 'overwrite an existing agenthub.yaml'),
).action((slug: string, flags) => runAction(globals(), (out) => pullCommand(out, slug, flags)));

serverOptions(
  program.command('diff [path]').description('structural diff of the local agent against the server draft'),
).action((path: string | undefined, flags) => runAction(globals(), (out) => diffCommand(out, path, flags)));

program
  .command('schema')
  .description('print the JSON Schema of agenthub.yaml')
  .action(() =>
    runAction(globals(), async (out) => {
      out.data(manifestJsonSchema);
    }),
  );

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof CommanderError) {
    // --help and --version end with code 0; anything else is a usage error.
    process.exit(err.exitCode === 0 ? ExitCode.ok : ExitCode.usage);
  }
  throw err;
});
