/**
 * The mutations Kubernetes' default admission plugins apply to a new pod, which every real
 * cluster shows: ServiceAccount (`serviceAccountName: default` and the `kube-api-access-*` token
 * volume, see service-account-token.ts), Priority (priority and
 * preemptionPolicy from the PriorityClass, else 0 / PreemptLowerPriority) and
 * DefaultTolerationSeconds (tolerate not-ready/unreachable NoExecute taints for 300 s).
 */
import { deepClone, type RandomSource } from '@wheelhouse/machinery';
import type { ServiceAccount } from '../schema/core-v1-config.js';
import type { Pod } from '../schema/core-v1-pod.js';
import type { PriorityClass } from '../schema/scheduling-v1.js';
import { mountServiceAccountToken } from './service-account-token.js';

/** How long pods tolerate `node.kubernetes.io/not-ready` and `unreachable` by default. */
export const DEFAULT_TOLERATION_SECONDS = 300;

function addTolerations(pod: Pod): void {
  const spec = (pod.spec ??= {});
  const tolerations = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    const covered = tolerations.some(
      (t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
    );
    if (!covered) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
}

function applyPriority(pod: Pod, classes: readonly PriorityClass[]): string | undefined {
  const spec = (pod.spec ??= {});
  const name = spec.priorityClassName;
  const cls = name ? classes.find((c) => c.metadata?.name === name) : classes.find((c) => c.globalDefault === true);
  if (name && !cls) return `no PriorityClass with name ${name} was found`;
  if (cls && !name) spec.priorityClassName = cls.metadata?.name;
  spec.priority = cls?.value ?? 0;
  spec.preemptionPolicy ??= cls?.preemptionPolicy ?? 'PreemptLowerPriority';
  return undefined;
}

/** The result of pod admission: the mutated copy, or Kubernetes' rejection message. */
export type PodAdmission = { ok: true; pod: Pod } | { ok: false; message: string };

/** What pod admission knows beyond the pod. */
export interface PodAdmissionContext {
  /** The current PriorityClasses. */
  priorityClasses?: readonly PriorityClass[];
  /**
   * Looks up the pod's ServiceAccount (by name, in the pod's namespace) for its
   * `automountServiceAccountToken`; undefined when it does not exist (the token is mounted).
   */
  serviceAccount?: (name: string) => ServiceAccount | undefined;
  /** For the token volume's generated name; default Math.random. */
  random?: RandomSource;
}

/**
 * Applies the default admission mutations to a copy of `pod`. A missing named PriorityClass
 * rejects the pod with Kubernetes' message (`no PriorityClass with name x was found`, HTTP 403
 * Forbidden).
 */
export function admitPod(pod: Pod, context: PodAdmissionContext = {}): PodAdmission {
  const copy = deepClone(pod);
  const spec = (copy.spec ??= {});
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  mountServiceAccountToken(copy, context.serviceAccount?.(spec.serviceAccountName), context.random);
  const priorityClasses = context.priorityClasses ?? [];
  const err = applyPriority(copy, priorityClasses);
  if (err) return { ok: false, message: err };
  addTolerations(copy);
  return { ok: true, pod: copy };
}
