/** Shared pieces of registry entries: verb sets, subresources, the scale accessor. */
import { deepClone, labelSelectorToString } from '@wheelhouse/machinery';
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
  spec?: { replicas?: number | undefined; selector?: LabelSelector | undefined } | undefined;
  status?: { replicas?: number | undefined } | undefined;
}

const scaleAccessor: ScaleAccessor = {
  toScale(obj: KubeObject): Scale {
    const s = obj as KubeObject & Scalable;
    const m = obj.metadata ?? {};
    // Scale.status.selector is the selector's string form: '' when absent, empty or unconvertible.
    const parsed = parseSelector(s.spec?.selector);
    const selector = parsed === undefined ? '' : labelSelectorToString(parsed);
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
};

/** `<resource>/scale`, whose body is an autoscaling/v1 Scale. */
export function scaleSubresource(): SubresourceDefinition {
  return {
    name: 'scale',
    group: 'autoscaling',
    version: 'v1',
    kind: 'Scale',
    verbs: ['get', 'patch', 'update'],
    scale: scaleAccessor,
  };
}
