import type { Status } from '@wheelhouse/api';

/**
 * Builds the error a client raises for a Status the server answered. The fakes take it from
 * the test (pass `apiErrorFromStatus` of @wheelhouse/client) so this package needs the client
 * only for types: the client's own tests depend on this package, and a runtime import back
 * would be a cycle.
 */
export type StatusErrorFactory = (status: Status) => Error;

/** Options every fake that answers with Status errors takes. */
export interface StatusErrorOptions {
  statusError: StatusErrorFactory;
}

/** A Failure Status with `reason`, `code` and `message`. */
export function failure(reason: string, code: number, message: string): Status {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code, message };
}
