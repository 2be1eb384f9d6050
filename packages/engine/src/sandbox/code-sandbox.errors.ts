export type CodeSandboxErrorCode =
  | 'code_timeout'
  | 'code_memory'
  | 'code_error'
  | 'code_output_invalid'
  | 'code_output_too_large'
  | 'code_busy'
  | 'code_aborted';

export class CodeSandboxError extends Error {
  constructor(
    readonly code: CodeSandboxErrorCode,
    message: string,
    /** 1-based line of the user's source where the error happened, when known. */
    readonly line?: number,
  ) {
    super(message);
    this.name = 'CodeSandboxError';
  }
}
