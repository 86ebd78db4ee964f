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
