/**
 * The objects the cluster e2e applies with `kubectl apply -f -`, as plain JSON: Deployments
 * whose pods tolerate an unreachable or not-ready node for a few seconds only, a
 * PodDisruptionBudget, a Service, and a pod held by a finalizer. (The DaemonSet is e2e/workloads'.)
 */

/**
 * How long the Deployments' pods tolerate node.kubernetes.io/unreachable and not-ready
 * (NoExecute). Explicit, because the API server's DefaultTolerationSeconds admission would
 * add 300 s (`wheelhouse start` does not take --default-unreachable-toleration-seconds).
 */
export const TOLERATION_SECONDS = 5;

/** The finalizer that holds the pod of {@link heldPod} until the test removes it. */
export const HOLD_FINALIZER = 'e2e.wheelhouse.dev/hold';

const tolerations = ['node.kubernetes.io/unreachable', 'node.kubernetes.io/not-ready'].map((key) => ({
  key,
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: TOLERATION_SECONDS,
}));

/** What a Deployment's pods carry besides their container. */
export interface DeploymentShape {
  replicas: number;
  /** Give each pod an emptyDir volume (so `kubectl drain` needs --delete-emptydir-data). */
  emptyDir?: boolean;
}

/**
 * A Deployment `name` of `replicas` nginx pods labelled and selected by `app: name`, serving
 * port 80 named http, tolerating an unreachable or not-ready node for {@link TOLERATION_SECONDS}.
 */
export function deployment(name: string, { replicas, emptyDir }: DeploymentShape): object {
  const volumes = emptyDir ? { volumes: [{ name: 'scratch', emptyDir: {} }] } : {};
  const mounts = emptyDir ? { volumeMounts: [{ name: 'scratch', mountPath: '/scratch' }] } : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          tolerations,
          ...volumes,
          containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'http', containerPort: 80 }], ...mounts }],
        },
      },
    },
  };
}

/** A PodDisruptionBudget `name` requiring `minAvailable` pods labelled `app: name`. */
export function podDisruptionBudget(name: string, minAvailable: number): object {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name },
    spec: { minAvailable, selector: { matchLabels: { app: name } } },
  };
}

/** A ClusterIP Service `name` selecting `app: name`, port 80 to the pods' port named http. */
export function service(name: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] },
  };
}

/** A bare nginx pod `name` carrying {@link HOLD_FINALIZER}: it is not removed until the finalizer is. */
export function heldPod(name: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, finalizers: [HOLD_FINALIZER] },
    spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
  };
}
