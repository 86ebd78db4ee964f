/**
 * What the process runs: a named long-running task (a controller) that stops when its signal
 * aborts, and says whether it may run only while this process holds the leader lease.
 */
export interface Runnable {
  /** kube-controller-manager's name of the controller, e.g. "replicaset". */
  readonly name: string;
  /** Whether it runs only while leading (every workload controller does). */
  readonly needsLeader: boolean;
  /** Runs until `signal` aborts; resolves once stopped. */
  run(signal: AbortSignal): Promise<void>;
}
