/**
 * kubectl's error lines: `Error from server (Reason): message` for what the API server
 * answered, `error: ...` for what the client found, `The connection to the server ... was
 * refused` when nothing listens. Every verb ends through {@link kubectlErrors}, so a failure
 * is printed as kubectl prints it, with exit code 1.
 */
import { ApiError } from '@wheelhouse/client';
import { VerbatimError } from '@wheelhouse/flags';

/** A failure the client detected, printed `error: <message>` (kubectl's cmdutil.CheckErr). */
export class KubectlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubectlError';
  }
}

/** `Error from server (Reason): message`, as kubectl prints an API server's Status. */
export function serverErrorLine(e: ApiError): string {
  return e.reason ? `Error from server (${e.reason}): ${e.message}` : `Error from server: ${e.message}`;
}

function errnoOf(e: unknown): { code?: string; address?: string; port?: number } {
  return (e ?? {}) as { code?: string; address?: string; port?: number };
}

/** The line kubectl prints for any error. */
export function errorLine(e: unknown): string {
  if (e instanceof VerbatimError) return e.message;
  if (e instanceof ApiError) return serverErrorLine(e);
  const errno = errnoOf(e);
  if (errno.code === 'ECONNREFUSED' && errno.address)
    return `The connection to the server ${errno.address}:${errno.port} was refused - did you specify the right host or port?`;
  const message = e instanceof Error ? e.message : String(e);
  return message.startsWith('error: ') ? message : `error: ${message}`;
}

/** Runs a verb; any error it throws becomes a VerbatimError with kubectl's line (exit code 1). */
export async function kubectlErrors(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    throw new VerbatimError(errorLine(e));
  }
}
