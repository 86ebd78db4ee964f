/** Where the kubectl-style verbs write: the process's stdout and stderr (tests spy on them). */

/** Writes to stdout. */
export function out(text: string): void {
  process.stdout.write(text);
}

/** Writes to stderr. */
export function err(text: string): void {
  process.stderr.write(text);
}
