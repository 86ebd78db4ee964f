/**
 * The catalogue of errors this package raises itself (as opposed to {@link ApiError}s, which
 * carry a Status the API server sent). Each code has a fixed message template; data goes in
 * `details`, never parsed back out of the message.
 */
export const CLIENT_ERRORS = {
  KubeconfigNotFound: (d: { path: string }) => `kubeconfig file ${d.path} does not exist`,
  KubeconfigUnreadable: (d: { path: string }) => `cannot read kubeconfig ${d.path}`,
  KubeconfigInvalid: (d: { path: string; problem: string }) => `kubeconfig ${d.path} is invalid: ${d.problem}`,
  NoConfiguration: (_d: Record<string, never>) =>
    'no configuration has been provided: pass --kubeconfig, set KUBECONFIG or create ~/.kube/config',
  NoCurrentContext: (_d: Record<string, never>) =>
    'no current context is set: pass --context or set current-context in the kubeconfig',
  ContextNotFound: (d: { name: string }) => `context "${d.name}" does not exist`,
  ClusterNotFound: (d: { name: string; context: string }) =>
    `cluster "${d.name}" of context "${d.context}" does not exist`,
  UserNotFound: (d: { name: string; context: string }) => `user "${d.name}" of context "${d.context}" does not exist`,
  NoServer: (d: { cluster: string }) => `no server found for cluster "${d.cluster}"`,
  InsecureWithCA: (d: { cluster: string }) =>
    `specifying a root certificates file with the insecure flag is not allowed for cluster "${d.cluster}"`,
  IncompleteClientCert: (d: { user: string }) =>
    `user "${d.user}" needs both a client certificate and a client key, or neither`,
  UnsupportedAuth: (d: { user: string; method: string }) =>
    `user "${d.user}" uses ${d.method}, which this client does not support; use a token or client certificates`,
  CredentialFileUnreadable: (d: { path: string; field: string }) => `cannot read ${d.field} file ${d.path}`,
  WatchDecode: (d: { line: string }) => `cannot decode watch event: ${d.line.slice(0, 200)}`,
  WatchEventTooLarge: (d: { limit: number }) => `watch event exceeds ${d.limit} bytes`,
  WatchClosed: (d: { code: number; reason: string }) =>
    `watch connection closed abnormally (${d.code}${d.reason ? `: ${d.reason}` : ''})`,
  InvalidOption: (d: { option: string; problem: string }) => `invalid option ${d.option}: ${d.problem}`,
  Timeout: (d: { what: string; ms: number }) => `${d.what} did not finish within ${d.ms} ms`,
  CacheSyncTimeout: (d: { caches: string[]; ms: number }) =>
    `timed out waiting for caches to sync: ${d.caches.join(', ')} not synced within ${d.ms} ms`,
  LeaderElectionLost: (_d: { lease: string; identity: string }) => 'leaderelection lost',
  RunnableFailed: (d: { name: string }) => `runnable ${d.name} failed`,
} as const;

/** A stable code from {@link CLIENT_ERRORS}. */
export type ClientErrorCode = keyof typeof CLIENT_ERRORS;

/** The data each code's message template needs. */
export type ClientErrorDetails<C extends ClientErrorCode> = Parameters<(typeof CLIENT_ERRORS)[C]>[0];

/** An error raised by the client itself (bad configuration, undecodable stream, bad option). */
export class ClientError<C extends ClientErrorCode = ClientErrorCode> extends Error {
  readonly code: C;
  readonly details: ClientErrorDetails<C>;

  /** Builds the message from the catalogue template for `code`; `cause` is kept for wrapping. */
  constructor(code: C, details: ClientErrorDetails<C>, options?: { cause?: unknown }) {
    const template = CLIENT_ERRORS[code] as (d: ClientErrorDetails<C>) => string;
    super(template(details), options);
    this.name = 'ClientError';
    this.code = code;
    this.details = details;
  }
}

/** True when `err` is a {@link ClientError}, optionally with the given code. */
export function isClientError<C extends ClientErrorCode>(err: unknown, code?: C): err is ClientError<C> {
  return err instanceof ClientError && (code === undefined || err.code === code);
}

/**
 * Thrown from a reconcile function to say "retrying will not help": the controller runner
 * logs it and forgets the key instead of requeueing it (controller-runtime's TerminalError).
 * Wrap the underlying error as `cause`.
 */
export class TerminalError extends Error {
  /** `message` describes what cannot be done; `cause` is the underlying failure. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

/** True when `err`, or any error in its `cause` chain, is a {@link TerminalError}. */
export function isTerminalError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 32; e = e.cause, depth++) {
    if (e instanceof TerminalError) return true;
  }
  return false;
}
