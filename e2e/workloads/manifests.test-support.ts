/**
 * The objects the workloads e2e applies with `kubectl apply -f -`, as plain JSON.
 * Job pods (also those of a CronJob's Jobs) carry sim.wheelhouse.dev/run-seconds so the
 * simulated containers exit quickly.
 */

/** How long a simulated Job container runs before it exits 0. */
const JOB_RUN_SECONDS = '0.5';

const container = (name: string, image: string) => ({ name, image });

/** A DaemonSet `name` of one busybox container, selecting `app: name`. */
export function daemonSet(name: string): object {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container(name, 'busybox')] } },
    },
  };
}

/** A headless Service `name` (clusterIP None) and a StatefulSet `name` of `replicas` pods governed by it. */
export function statefulSetWithHeadlessService(name: string, replicas: number): object[] {
  const ports = [{ name: 'web', port: 80 }];
  return [
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { clusterIP: 'None', selector: { app: name }, ports },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name },
      spec: {
        serviceName: name,
        replicas,
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels: { app: name } },
          spec: { containers: [{ ...container('nginx', 'nginx'), ports: [{ name: 'web', containerPort: 80 }] }] },
        },
      },
    },
  ];
}

/** What a Job asks for. */
export interface JobShape {
  completions: number;
  parallelism: number;
  completionMode: 'NonIndexed' | 'Indexed';
}

/** A Job `name` whose pods each run briefly and succeed; `Indexed` gives them completion indexes. */
export function job(name: string, { completions, parallelism, completionMode }: JobShape): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      completions,
      parallelism,
      completionMode,
      template: jobPodTemplate(),
    },
  };
}

/** The pod template of a Job: one busybox container that runs briefly and exits 0, never restarted. */
function jobPodTemplate(): object {
  return {
    metadata: { annotations: { 'sim.wheelhouse.dev/run-seconds': JOB_RUN_SECONDS } },
    spec: { restartPolicy: 'Never', containers: [container('work', 'busybox')] },
  };
}

/** What a CronJob asks for. */
export interface CronJobShape {
  schedule: string;
  successfulJobsHistoryLimit: number;
  suspend?: boolean;
}

/** A CronJob `name` whose Jobs each run one brief pod that succeeds. */
export function cronJob(name: string, { schedule, successfulJobsHistoryLimit, suspend }: CronJobShape): object {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule,
      successfulJobsHistoryLimit,
      ...(suspend === undefined ? {} : { suspend }),
      jobTemplate: { spec: { template: jobPodTemplate() } },
    },
  };
}

/** A ReplicationController `name` of `replicas` nginx pods labelled and selected by `app: name`. */
export function replicationController(name: string, replicas: number): object {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name },
    spec: {
      replicas,
      selector: { app: name },
      template: { metadata: { labels: { app: name } }, spec: { containers: [container('nginx', 'nginx')] } },
    },
  };
}

/** A bare pod `name` (label `role: name`) of one nginx container, with an optional nodeSelector. */
export function pod(name: string, nodeSelector?: Record<string, string>): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { role: name } },
    spec: { containers: [container('nginx', 'nginx')], ...(nodeSelector ? { nodeSelector } : {}) },
  };
}
