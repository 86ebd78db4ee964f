/** Printers of the workload kinds: apps/v1, batch/v1 and core/v1 ReplicationController. */
import { formatLabelSelector } from '@wheelhouse/machinery';
import type { Container } from '../schema/core-v1-container.js';
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../schema/apps-v1.js';
import type { Job } from '../schema/batch-v1.js';
import type { ReplicationController } from '../schema/core-v1-replication.js';
import { humanDuration } from './duration.js';
import { age, ageColumn, column, formatLabels, nameColumn, type TablePrinter } from './table.js';

/** The wide CONTAINERS column of the kinds with a pod template. */
export const CONTAINERS = column('Containers', 'string', 'Names of each container in the template.', 1);
/** The wide IMAGES column of the kinds with a pod template. */
export const IMAGES = column('Images', 'string', 'Images referenced by each container in the template.', 1);
const selectorColumn = () => column('Selector', 'string', 'Label selector for pods.', 1);

/** The CONTAINERS and IMAGES cells: comma-separated names and images of the template's containers. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** The deployments printer: NAME READY UP-TO-DATE AVAILABLE AGE (wide: CONTAINERS IMAGES SELECTOR). */
export const deploymentPrinter: TablePrinter<Deployment> = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    column(
      'Up-to-date',
      'string',
      'Total number of non-terminated pods targeted by this deployment that have the desired template spec.',
    ),
    column(
      'Available',
      'string',
      'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.',
    ),
    ageColumn(),
    CONTAINERS,
    IMAGES,
    selectorColumn(),
  ],
  cells: (d, now) => [
    d.metadata?.name ?? '',
    `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`,
    d.status?.updatedReplicas ?? 0,
    d.status?.availableReplicas ?? 0,
    age(d.metadata, now),
    ...containerCells(d.spec?.template?.spec?.containers),
    formatLabelSelector(d.spec?.selector),
  ],
};

/** The replicasets printer: NAME DESIRED CURRENT READY AGE (wide: CONTAINERS IMAGES SELECTOR). */
export const replicaSetPrinter: TablePrinter<ReplicaSet> = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'Replicas is the number of desired pods.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of non-terminating pods.'),
    column(
      'Ready',
      'integer',
      'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
    ),
    ageColumn(),
    CONTAINERS,
    IMAGES,
    selectorColumn(),
  ],
  cells: (rs, now) => [
    rs.metadata?.name ?? '',
    rs.spec?.replicas ?? 0,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    age(rs.metadata, now),
    ...containerCells(rs.spec?.template?.spec?.containers),
    formatLabelSelector(rs.spec?.selector),
  ],
};

/** The replicationcontrollers printer: NAME DESIRED CURRENT READY AGE (wide: CONTAINERS IMAGES SELECTOR, the label map). */
export const replicationControllerPrinter: TablePrinter<ReplicationController> = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'Replicas is the number of desired replicas.'),
    column('Current', 'integer', 'Replicas is the most recently observed number of replicas.'),
    column('Ready', 'integer', 'The number of ready replicas for this replication controller.'),
    ageColumn(),
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', 'Selector is a label query over pods that should match the Replicas count.', 1),
  ],
  cells: (rc, now) => [
    rc.metadata?.name ?? '',
    rc.spec?.replicas ?? 0,
    rc.status?.replicas ?? 0,
    rc.status?.readyReplicas ?? 0,
    age(rc.metadata, now),
    ...containerCells(rc.spec?.template?.spec?.containers),
    formatLabels(rc.spec?.selector),
  ],
};

/** The daemonsets printer: NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE. */
export const daemonSetPrinter: TablePrinter<DaemonSet> = {
  columns: [
    nameColumn(),
    column('Desired', 'integer', 'The total number of nodes that should be running the daemon pod.'),
    column(
      'Current',
      'integer',
      'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
    ),
    column(
      'Ready',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.',
    ),
    column('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    column(
      'Available',
      'integer',
      'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available.',
    ),
    column('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node.'),
    ageColumn(),
    CONTAINERS,
    IMAGES,
    selectorColumn(),
  ],
  cells: (ds, now) => {
    const s = ds.status ?? {};
    return [
      ds.metadata?.name ?? '',
      s.desiredNumberScheduled ?? 0,
      s.currentNumberScheduled ?? 0,
      s.numberReady ?? 0,
      s.updatedNumberScheduled ?? 0,
      s.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds.metadata, now),
      ...containerCells(ds.spec?.template?.spec?.containers),
      formatLabelSelector(ds.spec?.selector),
    ];
  },
};

/** The statefulsets printer: NAME READY AGE (wide: CONTAINERS IMAGES). */
export const statefulSetPrinter: TablePrinter<StatefulSet> = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn(),
    CONTAINERS,
    IMAGES,
  ],
  cells: (sts, now) => [
    sts.metadata?.name ?? '',
    `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 0}`,
    age(sts.metadata, now),
    ...containerCells(sts.spec?.template?.spec?.containers),
  ],
};

function controllerName(cr: ControllerRevision): string {
  const ref = (cr.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
  if (!ref) return '<none>';
  const apiVersion = ref.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = ref.kind ?? '';
  if (!kind && !group) return ref.name ?? '';
  return `${(group ? `${kind}.${group}` : kind).toLowerCase()}/${ref.name ?? ''}`;
}

/** The controllerrevisions printer: NAME CONTROLLER REVISION AGE. */
export const controllerRevisionPrinter: TablePrinter<ControllerRevision> = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', 'Revision indicates the revision of the state represented by Data.'),
    ageColumn(),
  ],
  cells: (cr, now) => [cr.metadata?.name ?? '', controllerName(cr), cr.revision ?? 0, age(cr.metadata, now)],
};

function jobCondition(job: Job, type: string): boolean {
  return (job.status?.conditions ?? []).find((c) => c.type === type)?.status === 'True';
}

/** The STATUS cell of a job: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
export function jobStatus(job: Job): string {
  if (jobCondition(job, 'Complete')) return 'Complete';
  if (jobCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (jobCondition(job, 'Suspended')) return 'Suspended';
  if (jobCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

/** The jobs printer: NAME STATUS COMPLETIONS DURATION AGE (wide: CONTAINERS IMAGES SELECTOR). */
export const jobPrinter: TablePrinter<Job> = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn(),
    CONTAINERS,
    IMAGES,
    selectorColumn(),
  ],
  cells: (job, now) => [
    job.metadata?.name ?? '',
    jobStatus(job),
    jobCompletions(job),
    jobDuration(job, now),
    age(job.metadata, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    formatLabelSelector(job.spec?.selector),
  ],
};
