/**
 * The kubelet's error catalogue: a stable code, the HTTP status the admin API answers with,
 * and a message template. Data goes in `details`; nothing matches on message text.
 */
export const KUBELET_ERRORS = {
  InvalidConfig: {
    status: 400,
    message: (d: { field: string; problem: string }) => `invalid ${d.field}: ${d.problem}`,
  },
  /** --node-labels the kubelet refuses, in its words. */
  NodeLabels: { status: 400, message: (d: { problem: string }) => d.problem },
  StageFile: {
    status: 400,
    message: (d: { file: string; stage: string; field: string; problem: string }) =>
      `stage file ${d.file}: stage "${d.stage}": ${d.field}: ${d.problem}`,
  },
  StageFileUnreadable: {
    status: 400,
    message: (d: { file: string; problem: string }) => `stage file ${d.file}: ${d.problem}`,
  },
  Expression: {
    status: 400,
    message: (d: { expression: string; problem: string }) => `expression "${d.expression}": ${d.problem}`,
  },
  UnknownNode: { status: 404, message: (d: { node: string }) => `node "${d.node}" is not hosted by this kubelet` },
  NodeExists: { status: 409, message: (d: { node: string }) => `node "${d.node}" is already hosted by this kubelet` },
  NodeFailed: { status: 409, message: (d: { node: string }) => `node "${d.node}" is already failed` },
  NodeNotFailed: { status: 409, message: (d: { node: string }) => `node "${d.node}" is not failed` },
  /** An Event write refused because the kubelet is stopping. */
  Stopping: { status: 503, message: (_d: Record<string, never>) => 'the kubelet is stopping' },
  BadRequest: { status: 400, message: (d: { problem: string }) => d.problem },
  NotFound: { status: 404, message: (d: { path: string }) => `no such admin endpoint: ${d.path}` },
} as const;

/** A stable code from {@link KUBELET_ERRORS}. */
export type KubeletErrorCode = keyof typeof KUBELET_ERRORS;

type Details<C extends KubeletErrorCode> = Parameters<(typeof KUBELET_ERRORS)[C]['message']>[0];

/** An error raised by the kubelet itself; `status` is the HTTP status the admin API answers with. */
export class KubeletError<C extends KubeletErrorCode = KubeletErrorCode> extends Error {
  readonly code: C;
  readonly details: Details<C>;
  readonly status: number;

  /** Builds the message from the catalogue template of `code`; `cause` is kept for wrapping. */
  constructor(code: C, details: Details<C>, options?: { cause?: unknown }) {
    const entry = KUBELET_ERRORS[code];
    super((entry.message as (d: Details<C>) => string)(details), options);
    this.name = 'KubeletError';
    this.code = code;
    this.details = details;
    this.status = entry.status;
  }
}

/** True when `err` is a {@link KubeletError}, optionally with the given code. */
export function isKubeletError<C extends KubeletErrorCode>(err: unknown, code?: C): err is KubeletError<C> {
  return err instanceof KubeletError && (code === undefined || err.code === code);
}
