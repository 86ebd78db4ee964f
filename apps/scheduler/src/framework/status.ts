/**
 * The outcome of a plugin call, with kube-scheduler's codes. `undefined` stands for Success
 * everywhere a status is returned, so the common path allocates nothing.
 */

/** kube-scheduler's status codes (framework.Code), with their numeric values. */
export const Code = {
  Success: 0,
  Error: 1,
  Unschedulable: 2,
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  Skip: 5,
  Pending: 6,
} as const;
/** One of {@link Code}. */
export type Code = (typeof Code)[keyof typeof Code];

const CODE_NAMES: readonly string[] = [
  'Success',
  'Error',
  'Unschedulable',
  'UnschedulableAndUnresolvable',
  'Wait',
  'Skip',
  'Pending',
];

/** The name kube-scheduler prints for a code (`Code.String()`), used as a metric label. */
export function codeName(code: Code): string {
  return CODE_NAMES[code] ?? `Unknown Code(${code})`;
}

/**
 * A non-success result: a code, the reasons (each one counted separately in the
 * FailedScheduling message), the plugin that returned it and, for Error, the cause.
 * Statuses are immutable except for `plugin`, which the runtime stamps once.
 */
export class Status {
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    readonly error?: Error,
  ) {}

  /** The reasons joined by ", " (Status.Message). */
  message(): string {
    return this.reasons.join(', ');
  }

  /** True for Unschedulable, UnschedulableAndUnresolvable and Pending (Status.IsRejected). */
  isRejected(): boolean {
    return (
      this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable || this.code === Code.Pending
    );
  }

  /** Returns this status with `plugin` recorded (if none was recorded yet). */
  withPlugin(name: string): this {
    if (this.plugin === '') this.plugin = name;
    return this;
  }

  /** The error this status stands for: its cause, or an Error carrying its message. */
  asError(): Error {
    return this.error ?? new Error(this.message());
  }
}

/** What every extension point returns: `undefined` means Success. */
export type StatusResult = Status | undefined;

/** A new status with the given code and reasons. */
export function newStatus(code: Code, ...reasons: string[]): Status {
  return new Status(code, reasons);
}

/** An Unschedulable status: preemption may help. */
export function unschedulable(...reasons: string[]): Status {
  return new Status(Code.Unschedulable, reasons);
}

/** An UnschedulableAndUnresolvable status: preemption on this node cannot help. */
export function unresolvable(...reasons: string[]): Status {
  return new Status(Code.UnschedulableAndUnresolvable, reasons);
}

/** A Skip status: the plugin has nothing to do for this pod in this cycle. */
export function skip(): Status {
  return new Status(Code.Skip);
}

/** An Error status for `err` (framework.AsStatus); its single reason is the error's message. */
export function asStatus(err: unknown): Status {
  const error = err instanceof Error ? err : new Error(String(err));
  return new Status(Code.Error, [error.message], error);
}

/** The code of a result (`undefined` is Success). */
export function codeOf(status: StatusResult): Code {
  return status?.code ?? Code.Success;
}

/** True for `undefined` and for an explicit Success status. */
export function isSuccess(status: StatusResult): boolean {
  return status === undefined || status.code === Code.Success;
}
