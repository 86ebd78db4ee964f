/**
 * The mutations Kubernetes' default admission plugins apply to a new pod, which every real
 * cluster shows: ServiceAccount (`serviceAccountName: default`), Priority (priority and
 * preemptionPolicy from the PriorityClass, else 0 / PreemptLowerPriority) and
 * DefaultTolerationSeconds (tolerate not-ready/unreachable NoExecute taints for 300 s).
 */
import { deepClone } from '@wheelhouse/machinery';
import type { Pod } from '../schema/core-v1-pod.js';
import type { PriorityClass } from '../schema/scheduling-v1.js';

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

/**
 * Applies the default admission mutations to a copy of `pod`. `priorityClasses` is the
 * current list of PriorityClasses; a missing named class rejects the pod with Kubernetes'
 * message (`no PriorityClass with name x was found`, HTTP 403 Forbidden).
 */
export function admitPod(pod: Pod, priorityClasses: readonly PriorityClass[] = []): PodAdmission {
  const copy = deepClone(pod);
  const spec = (copy.spec ??= {});
  if (!spec.serviceAccountName) spec.serviceAccountName = spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const err = applyPriority(copy, priorityClasses);
  if (err) return { ok: false, message: err };
  addTolerations(copy);
  return { ok: true, pod: copy };
}
