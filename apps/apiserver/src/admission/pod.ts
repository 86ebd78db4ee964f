/**
 * Pod admission on create: DefaultTolerationSeconds (with the configured seconds),
 * ServiceAccount and Priority (via @wheelhouse/api's admitPod, with the PriorityClasses
 * in the watch cache).
 */
import {
  admitPod,
  type ApiObject,
  type Pod,
  type PriorityClass,
  type ServiceAccount,
  type Toleration,
} from '@wheelhouse/api';
import { resourceDef } from '../registry/registry.js';
import { storageKey } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { AdmissionPlugin } from './admission.js';
import { admissionForbidden } from './forbidden.js';

function addTolerations(obj: ApiObject, notReadySeconds: number, unreachableSeconds: number): void {
  const spec = (obj.spec ??= {}) as { tolerations?: Toleration[] };
  const tolerations = (spec.tolerations ??= []);
  const has = (key: string): boolean =>
    tolerations.some(
      (t) => (t.key === key || (!t.key && t.operator === 'Exists')) && (!t.effect || t.effect === 'NoExecute'),
    );
  for (const [key, seconds] of [
    ['node.kubernetes.io/not-ready', notReadySeconds],
    ['node.kubernetes.io/unreachable', unreachableSeconds],
  ] as const) {
    if (!has(key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
}

/**
 * Pod admission: NoExecute tolerations for `node.kubernetes.io/not-ready` and
 * `.../unreachable` with the configured seconds, then service account and priority.
 * A pod naming a missing PriorityClass is refused with 403 Forbidden.
 */
export function podAdmission(cache: WatchCache, notReadySeconds: number, unreachableSeconds: number): AdmissionPlugin {
  const pcDef = resourceDef('scheduling.k8s.io', 'priorityclasses');
  const saDef = resourceDef('', 'serviceaccounts');
  return {
    resources: [{ group: '', plural: 'pods' }],
    admit: (def, obj, namespace) => {
      addTolerations(obj, notReadySeconds, unreachableSeconds);
      const priorityClasses = cache.snapshot(pcDef).items.map((i) => i.obj as unknown as PriorityClass);
      const ns = namespace ?? obj.metadata.namespace ?? '';
      const serviceAccount = (name: string) =>
        cache.get(saDef, storageKey(saDef, ns, name)) as unknown as ServiceAccount | undefined;
      const res = admitPod(obj as unknown as Pod, { priorityClasses, serviceAccount });
      if (!res.ok) throw admissionForbidden(def, obj.metadata.name ?? '', res.message);
      Object.assign(obj, res.pod);
    },
  };
}
