/**
 * The RuntimeClass admission plugin (kube's plugin/pkg/admission/runtimeclass): a new pod
 * naming a RuntimeClass gets the class's overhead.podFixed as its spec.overhead, the class's
 * scheduling.nodeSelector merged into its nodeSelector and the class's tolerations merged
 * into its own. Refusals are 403 Forbidden with kube's messages: a class that does not
 * exist, an overhead the pod set that differs from the class's, a node selector conflict,
 * and an overhead set on a pod whose class defines none.
 */
import type { ApiObject, Pod, ResourceList, RuntimeClass } from '@wheelhouse/api';
import { parseQuantity } from '@wheelhouse/machinery';
import { resourceDef } from '../registry/registry.js';
import type { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { AdmissionPlugin } from './admission.js';
import { admissionForbidden } from './forbidden.js';
import { cachedOrStored } from './live-get.js';
import { mergeTolerations } from './merge-tolerations.js';

type PodSpec = NonNullable<Pod['spec']>;

function sameQuantity(a: string | number, b: string | number | undefined): boolean {
  if (b === undefined) return false;
  try {
    return parseQuantity(String(a).trim()).cmp(parseQuantity(String(b).trim())) === 0;
  } catch {
    return false;
  }
}

/** Semantic equality of resource lists: the same names, equal quantities; absent equals empty. */
function sameResources(a: ResourceList | undefined, b: ResourceList | undefined): boolean {
  const x = Object.entries(a ?? {});
  return x.length === Object.keys(b ?? {}).length && x.every(([name, q]) => sameQuantity(q, b?.[name]));
}

/** kube's setOverhead: the refusal's text, or undefined with spec.overhead set to the class's. */
function applyOverhead(spec: PodSpec, rc: RuntimeClass): string | undefined {
  if (rc.overhead === undefined) return undefined;
  const podFixed = rc.overhead.podFixed;
  if (spec.overhead !== undefined && !sameResources(podFixed, spec.overhead))
    return "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead";
  if (podFixed === undefined) delete spec.overhead;
  else spec.overhead = { ...podFixed };
  return undefined;
}

/** kube's validateOverhead, for a pod whose class (if any) defines no overhead. */
function overheadWithoutClass(spec: PodSpec, rc: RuntimeClass | undefined): string | undefined {
  if (rc?.overhead !== undefined || spec.overhead === undefined) return undefined;
  return 'pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead';
}

/** kube's setScheduling: the conflict's text, or undefined with nodeSelector and tolerations merged. */
function applyScheduling(spec: PodSpec, rc: RuntimeClass): string | undefined {
  const scheduling = rc.scheduling;
  if (scheduling === undefined) return undefined;
  const selector = { ...spec.nodeSelector };
  for (const [key, value] of Object.entries(scheduling.nodeSelector ?? {})) {
    const podValue = selector[key];
    if (podValue !== undefined && podValue !== value)
      return `conflict: runtimeClass.scheduling.nodeSelector[${key}] = ${value}; pod.spec.nodeSelector[${key}] = ${podValue}`;
    selector[key] = value;
  }
  if (spec.nodeSelector !== undefined || scheduling.nodeSelector !== undefined) spec.nodeSelector = selector;
  const tolerations = mergeTolerations(spec.tolerations ?? [], scheduling.tolerations ?? []);
  if (tolerations.length > 0) spec.tolerations = tolerations;
  return undefined;
}

/** See the module comment; reads RuntimeClasses from the watch cache, else from the store. */
export function runtimeClassAdmission(cache: WatchCache, storage: ObjectStorage): AdmissionPlugin {
  const rcDef = resourceDef('node.k8s.io', 'runtimeclasses');
  return {
    resources: [{ group: '', plural: 'pods' }],
    admit: async (def, obj: ApiObject, _namespace, attrs) => {
      if (attrs.subresource !== undefined) return;
      const spec = (obj.spec ??= {}) as PodSpec;
      const refuse = (why: string) => admissionForbidden(def, obj.metadata.name ?? '', why);
      const name = spec.runtimeClassName;
      let rc: RuntimeClass | undefined;
      if (name !== undefined) {
        rc = (await cachedOrStored(cache, storage, rcDef, undefined, name)) as RuntimeClass | undefined;
        if (rc === undefined) throw refuse(`pod rejected: RuntimeClass ${JSON.stringify(name)} not found`);
      }
      // As kube: the mutating checks in order, then the validating one.
      const why =
        (rc ? (applyOverhead(spec, rc) ?? applyScheduling(spec, rc)) : undefined) ?? overheadWithoutClass(spec, rc);
      if (why !== undefined) throw refuse(why);
    },
  };
}
