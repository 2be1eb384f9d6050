/** Exit codes of `agenthub` (documented in the README; scripts rely on them). */
export const ExitCode = {
  ok: 0,
  /** The agent run failed or was cancelled, or an unexpected error happened. */
  failure: 1,
  /** Unknown command or option, or a bad argument. */
  usage: 2,
  /** The manifest or its workflow has problems (each printed as file:line:col). */
  invalid: 3,
  /** Not logged in, or the server refused the API key (401/403). */
  auth: 4,
  /** The server is unreachable or refused the request. */
  server: 5,
  /** `diff`: the local agent and the server draft differ. */
  different: 6,
  /** The agent (or template) does not exist on the server, or is not yours. */
  notFound: 7,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends the command with a given exit code and a one-line message. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCodeValue,
    message: string,
    readonly code = 'cli_error',
  ) {
    super(message);
  }
}
