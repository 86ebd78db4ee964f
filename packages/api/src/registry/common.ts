/** Shared pieces of registry entries: verb sets, subresources, the scale accessor. */
import { deepClone, labelSelectorFromSet, labelSelectorToString } from '@wheelhouse/machinery';
import type { Scale } from '../schema/autoscaling-v1.js';
import type { LabelSelector } from '../schema/meta-v1.js';
import type { KubeObject } from '../strategy/strategy.js';
import { parseSelector } from '../util/selector.js';
import type { ScaleAccessor, SubresourceDefinition, Verb } from './types.js';

/** The verbs of an ordinary resource. */
export const STANDARD_VERBS: readonly Verb[] = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** `<resource>/status` with the parent's kind. */
export function statusSubresource(group: string, version: string, kind: string): SubresourceDefinition {
  return { name: 'status', group, version, kind, verbs: ['get', 'patch', 'update'] };
}

/**
 * The pods subresources kube-apiserver streams from the node's kubelet, with its discovery
 * kinds and verbs: log (a GET), and exec, attach and portforward (upgrade requests).
 */
export const POD_STREAM_SUBRESOURCES: readonly SubresourceDefinition[] = [
  { name: 'attach', group: '', version: 'v1', kind: 'PodAttachOptions', verbs: ['create', 'get'], streamed: true },
  { name: 'exec', group: '', version: 'v1', kind: 'PodExecOptions', verbs: ['create', 'get'], streamed: true },
  { name: 'log', group: '', version: 'v1', kind: 'Pod', verbs: ['get'], streamed: true },
  {
    name: 'portforward',
    group: '',
    version: 'v1',
    kind: 'PodPortForwardOptions',
    verbs: ['create', 'get'],
    streamed: true,
  },
];

interface Scalable {
  spec?: { replicas?: number | undefined; selector?: unknown } | undefined;
  status?: { replicas?: number | undefined } | undefined;
}

/** Scale.status.selector of apps/v1 kinds: the selector's string form, '' when absent, empty or unconvertible. */
function structuredSelectorString(selector: unknown): string {
  const parsed = parseSelector(selector as LabelSelector | undefined);
  return parsed === undefined ? '' : labelSelectorToString(parsed);
}

/** Scale.status.selector of a ReplicationController: its label map as a selector (labels.SelectorFromSet). */
function setSelectorString(selector: unknown): string {
  return labelSelectorToString(labelSelectorFromSet(selector as Record<string, string> | undefined));
}

const scaleAccessor = (selectorString: (selector: unknown) => string): ScaleAccessor => ({
  toScale(obj: KubeObject): Scale {
    const s = obj as KubeObject & Scalable;
    const m = obj.metadata ?? {};
    const selector = selectorString(s.spec?.selector);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: m.name,
        namespace: m.namespace,
        uid: m.uid,
        resourceVersion: m.resourceVersion,
        creationTimestamp: m.creationTimestamp,
      },
      spec: { replicas: s.spec?.replicas ?? 0 },
      status: { replicas: s.status?.replicas ?? 0, selector },
    };
  },
  applyScale(obj: KubeObject, scale: Scale): KubeObject {
    const copy = deepClone(obj) as KubeObject & Scalable;
    copy.spec = { ...copy.spec, replicas: scale.spec?.replicas ?? 0 };
    return copy;
  },
});

/**
 * `<resource>/scale`, whose body is an autoscaling/v1 Scale. `selector` says how the parent's
 * `spec.selector` is read: a metav1.LabelSelector (apps/v1 kinds, the default) or a plain label
 * map (`set`, core/v1 ReplicationController).
 */
export function scaleSubresource(selector: 'structured' | 'set' = 'structured'): SubresourceDefinition {
  return {
    name: 'scale',
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    verbs: ['get', 'patch', 'update'],
    scale: scaleAccessor(selector === 'set' ? setSelectorString : structuredSelectorString),
  };
}
