/** The pods table: NAME READY STATUS RESTARTS AGE (wide: IP NODE NOMINATED NODE READINESS GATES). */
import type { Container } from '../schema/core-v1-container.js';
import type { ContainerStatus, Pod } from '../schema/core-v1-pod.js';
import { timestampSince } from './duration.js';
import { age, ageColumn, column, nameColumn, type RowCondition, type TablePrinter } from './table.js';

/** The pod reason the node lifecycle controller sets on pods of an unreachable node. */
export const NODE_UNREACHABLE_POD_REASON = 'NodeLost';

interface PodSummary {
  reason: string;
  ready: number;
  total: number;
  restarts: number;
  lastRestart: string | undefined;
}

function later(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  if (!a) return b;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

function isSidecar(ctr: Container | undefined): boolean {
  return ctr?.restartPolicy === 'Always';
}

function initReason(
  status: ContainerStatus,
  index: number,
  total: number,
  sidecar: boolean,
  s: PodSummary,
): 'continue' | 'stop' {
  const term = status.state?.terminated;
  if (term && (term.exitCode ?? 0) === 0) return 'continue';
  if (sidecar && status.started === true) {
    if (status.ready) s.ready++;
    return 'continue';
  }
  const waiting = status.state?.waiting;
  if (term) {
    if (term.reason) s.reason = `Init:${term.reason}`;
    else s.reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
  } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
    s.reason = `Init:${waiting.reason}`;
  } else {
    s.reason = `Init:${index}/${total}`;
  }
  return 'stop';
}

function summarizeInit(
  pod: Pod,
  s: PodSummary,
): { initializing: boolean; sidecarRestarts: number; sidecarLast: string | undefined } {
  const inits = new Map((pod.spec?.initContainers ?? []).map((c) => [c.name ?? '', c]));
  let sidecarRestarts = 0;
  let sidecarLast: string | undefined;
  const statuses = pod.status?.initContainerStatuses ?? [];
  for (let i = 0; i < statuses.length; i++) {
    const status = statuses[i] ?? {};
    const sidecar = isSidecar(inits.get(status.name ?? ''));
    s.restarts += status.restartCount ?? 0;
    s.lastRestart = later(s.lastRestart, status.lastState?.terminated?.finishedAt);
    if (sidecar) {
      sidecarRestarts += status.restartCount ?? 0;
      sidecarLast = later(sidecarLast, status.lastState?.terminated?.finishedAt);
    }
    if (initReason(status, i, (pod.spec?.initContainers ?? []).length, sidecar, s) === 'stop')
      return { initializing: true, sidecarRestarts, sidecarLast };
  }
  return { initializing: false, sidecarRestarts, sidecarLast };
}

function summarizeContainers(pod: Pod, s: PodSummary): void {
  let hasRunning = false;
  const statuses = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const c = statuses[i] ?? {};
    s.restarts += c.restartCount ?? 0;
    s.lastRestart = later(s.lastRestart, c.lastState?.terminated?.finishedAt);
    const waiting = c.state?.waiting;
    const term = c.state?.terminated;
    if (waiting?.reason) s.reason = waiting.reason;
    else if (term?.reason) s.reason = term.reason;
    else if (term) s.reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
    else if (c.ready && c.state?.running) {
      hasRunning = true;
      s.ready++;
    }
  }
  if (s.reason === 'Completed' && hasRunning) s.reason = hasCondition(pod, 'Ready') ? 'Running' : 'NotReady';
}

function hasCondition(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** Computes READY, STATUS and RESTARTS exactly as kubectl's printPod rules. */
export function summarizePod(pod: Pod): PodSummary {
  const phase = pod.status?.phase ?? '';
  const sidecars = (pod.spec?.initContainers ?? []).filter(isSidecar).length;
  const s: PodSummary = {
    reason: pod.status?.reason || phase,
    ready: 0,
    total: (pod.spec?.containers ?? []).length + sidecars,
    restarts: 0,
    lastRestart: undefined,
  };
  if ((pod.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated'))
    s.reason = 'SchedulingGated';
  const init = summarizeInit(pod, s);
  if (!init.initializing || hasCondition(pod, 'Initialized')) {
    s.restarts = init.sidecarRestarts;
    s.lastRestart = init.sidecarLast;
    summarizeContainers(pod, s);
  }
  if (pod.metadata?.deletionTimestamp) {
    if (pod.status?.reason === NODE_UNREACHABLE_POD_REASON) s.reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') s.reason = 'Terminating';
  }
  return s;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const ok = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${ok}/${gates.length}`;
}

function podCells(pod: Pod, now: Date): unknown[] {
  const s = summarizePod(pod);
  const restarts =
    s.restarts !== 0 && s.lastRestart
      ? `${s.restarts} (${timestampSince(s.lastRestart, now)} ago)`
      : String(s.restarts);
  const ip = pod.status?.podIPs?.[0]?.ip || '<none>';
  return [
    pod.metadata?.name ?? '',
    `${s.ready}/${s.total}`,
    s.reason,
    restarts,
    age(pod.metadata, now),
    ip,
    pod.spec?.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    readinessGates(pod),
  ];
}

function podConditions(pod: Pod): RowCondition[] | undefined {
  if (pod.status?.phase === 'Succeeded')
    return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
  if (pod.status?.phase === 'Failed')
    return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
  return undefined;
}

/** The pods printer. */
export const podPrinter: TablePrinter<Pod> = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn(),
    column(
      'IP',
      'string',
      'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      1,
    ),
    column('Node', 'string', 'NodeName indicates in which node this pod is scheduled.', 1),
    column(
      'Nominated Node',
      'string',
      'nominatedNodeName is set only when this pod preempts other pods on the node.',
      1,
    ),
    column('Readiness Gates', 'string', 'If specified, all readiness gates will be evaluated for pod readiness.', 1),
  ],
  cells: podCells,
  conditions: podConditions,
};
