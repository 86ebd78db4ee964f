/** Codes of flag parsing errors; the message is the one-line text a user sees. */
export type FlagErrorCode =
  'UnknownFlag' | 'MissingValue' | 'InvalidValue' | 'UnknownCommand' | 'MissingArgument' | 'TooManyArguments';

/** A command-line usage error: printed as one line (no stack trace), exit code 2. */
export class FlagError extends Error {
  readonly code: FlagErrorCode;

  constructor(code: FlagErrorCode, message: string) {
    super(message);
    this.name = 'FlagError';
    this.code = code;
  }
}

/**
 * A failure whose message is printed as it is, without the `Error: ` prefix (a tool's own
 * format, e.g. kubectl's `Error from server (NotFound): pods "x" not found`); exit code 1.
 * The message may hold several lines (the caller's exact text, without the final newline).
 */
export class VerbatimError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerbatimError';
  }
}
