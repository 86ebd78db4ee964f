/**
 * What an object counts against a ResourceQuota, as Kubernetes' quota evaluators compute it
 * (pkg/quota/v1/evaluator/core and the generic object-count evaluator): the usage one
 * object charges, which quota resource names an evaluator covers, the quota scopes a pod
 * matches, and the pods evaluator's "must specify" constraint. Shared by the ResourceQuota
 * admission plugin and the resourcequota controller.
 */
import { newQuantity, type Quantity } from '@wheelhouse/machinery';
import type { Pod } from '../schema/core-v1-pod.js';
import type { ResourceQuota } from '../schema/core-v1-quota.js';
import type { ResourceList } from '../schema/primitives.js';
import type { KubeObject } from '../strategy/strategy.js';
import { isExtendedResourceName, quantityOf } from '../validation/resources.js';

/** Quota resource names to quantities. */
export type Usage = Map<string, Quantity>;

const COMPUTE = ['cpu', 'memory', 'ephemeral-storage'];
/** Resources whose quota obliges every container to state them (the pods evaluator's validationSet). */
const MUST_STATE = new Set(['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory']);
/** Core resources with a legacy object-count name (`pods`, `services`, ...) besides `count/<resource>`. */
const LEGACY_COUNTS = new Set([
  'pods',
  'services',
  'configmaps',
  'secrets',
  'persistentvolumeclaims',
  'replicationcontrollers',
  'resourcequotas',
]);
const PVC_CLASS_SUFFIX = '.storageclass.storage.k8s.io/';

const one = (): Quantity => newQuantity(1, 'DecimalSI');

/** A ResourceList as Usage (unparsable values left out). */
export function usageOf(list: ResourceList | undefined): Usage {
  const out: Usage = new Map();
  for (const [k, v] of Object.entries(list ?? {})) {
    const q = quantityOf(v);
    if (q !== undefined) out.set(k, q);
  }
  return out;
}

/** `a + b`, key by key. */
export function addUsage(a: Usage, b: Usage): Usage {
  return addInto(new Map(a), b);
}

/** `a - b` over `a`'s names, never below zero (quota.SubtractWithNonNegativeResult). */
export function subtractUsageFloored(a: Usage, b: Usage): Usage {
  const out: Usage = new Map();
  for (const [k, v] of a) {
    const diff = b.has(k) ? v.sub(b.get(k)!) : v;
    out.set(k, diff.sign() < 0 ? v.sub(v) : diff);
  }
  return out;
}

/** `usage` without its zero values (quota.RemoveZeros). */
export function nonZeroUsage(usage: Usage): Usage {
  return new Map([...usage].filter(([, v]) => !v.isZero()));
}

/** `usage` restricted to `names`. */
export function maskUsage(usage: Usage, names: Iterable<string>): Usage {
  const out: Usage = new Map();
  for (const n of names) if (usage.has(n)) out.set(n, usage.get(n)!);
  return out;
}

/** A Usage as a ResourceList of canonical strings, keys sorted. */
export function usageToList(usage: Usage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...usage.keys()].sort()) out[k] = usage.get(k)!.toString();
  return out;
}

/** The group-qualified resource (`deployments.apps`, `pods`) as `count/` names use it. */
function groupResource(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

/** Adds `list` into `into` in place. */
function addInto(into: Usage, list: Usage): Usage {
  for (const [k, v] of list) into.set(k, into.has(k) ? into.get(k)!.add(v) : v);
  return into;
}

/** Raises each of `into`'s values to `list`'s where that is larger, in place. */
function maxInto(into: Usage, list: Usage): void {
  for (const [k, v] of list) if (!into.has(k) || into.get(k)!.cmp(v) < 0) into.set(k, v);
}

/**
 * A pod's requests or limits from its containers alone (LimitRanger's podRequests and
 * podLimits): the containers' sum plus the sidecars (init containers with restartPolicy
 * Always), or the largest init container step (with the sidecars started before it) where
 * that is larger. No overhead.
 */
export function podContainerResources(pod: Pod, which: 'requests' | 'limits'): Usage {
  const sum: Usage = new Map();
  for (const c of pod.spec?.containers ?? []) addInto(sum, usageOf(c.resources?.[which]));
  const sidecars: Usage = new Map();
  const initPeak: Usage = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = usageOf(c.resources?.[which]);
    if (c.restartPolicy === 'Always') {
      addInto(sum, own);
      maxInto(initPeak, addInto(sidecars, own));
    } else maxInto(initPeak, addInto(own, sidecars));
  }
  maxInto(sum, initPeak);
  return sum;
}

/**
 * A pod's effective requests or limits (component-helpers PodRequests/PodLimits): those of
 * its containers, then the overhead, added to every request but only to limits the pod already has.
 */
function podResources(pod: Pod, which: 'requests' | 'limits'): Usage {
  const sum = podContainerResources(pod, which);
  for (const [k, v] of usageOf(pod.spec?.overhead))
    if (which === 'requests' || sum.has(k)) sum.set(k, sum.has(k) ? sum.get(k)!.add(v) : v);
  return sum;
}

/** podComputeUsageHelper: `pods` 1, and cpu/memory/ephemeral-storage as bare, `requests.` and `limits.` names. */
function computeUsage(requests: Usage, limits: Usage): Usage {
  const out: Usage = new Map([['pods', one()]]);
  for (const r of COMPUTE) {
    const req = requests.get(r);
    if (req !== undefined) out.set(r, req).set(`requests.${r}`, req);
    const lim = limits.get(r);
    if (lim !== undefined) out.set(`limits.${r}`, lim);
  }
  for (const [k, v] of requests) {
    if (k.startsWith('hugepages-')) out.set(k, v).set(`requests.${k}`, v);
    else if (isExtendedResourceName(k)) out.set(`requests.${k}`, v);
  }
  return out;
}

/** Pods that finished (Succeeded, Failed) no longer count as `pods` or compute; they still count as `count/pods`. */
function podCountsForQuota(pod: Pod, now: Date): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  const deletion = pod.metadata?.deletionTimestamp;
  const grace = pod.metadata?.deletionGracePeriodSeconds;
  if (deletion !== undefined && grace !== undefined) {
    return now.getTime() <= Date.parse(deletion) + grace * 1000;
  }
  return true;
}

function podUsage(pod: Pod, now: Date): Usage {
  const out: Usage = new Map([['count/pods', one()]]);
  if (!podCountsForQuota(pod, now)) return out;
  for (const [k, v] of computeUsage(podResources(pod, 'requests'), podResources(pod, 'limits'))) out.set(k, v);
  return out;
}

interface ServiceLike {
  spec?: { type?: string; ports?: Array<{ nodePort?: number }>; allocateLoadBalancerNodePorts?: boolean };
}

function serviceUsage(svc: ServiceLike): Usage {
  const out: Usage = new Map([
    ['count/services', one()],
    ['services', one()],
    ['services.nodeports', newQuantity(0, 'DecimalSI')],
    ['services.loadbalancers', newQuantity(0, 'DecimalSI')],
  ]);
  const ports = svc.spec?.ports ?? [];
  if (svc.spec?.type === 'NodePort') out.set('services.nodeports', newQuantity(ports.length, 'DecimalSI'));
  if (svc.spec?.type === 'LoadBalancer') {
    out.set('services.loadbalancers', one());
    const nodePorts =
      svc.spec.allocateLoadBalancerNodePorts === false ? ports.filter((p) => p.nodePort).length : ports.length;
    out.set('services.nodeports', newQuantity(nodePorts, 'DecimalSI'));
  }
  return out;
}

interface ClaimLike {
  spec?: { storageClassName?: string; resources?: { requests?: ResourceList } };
}

function claimUsage(pvc: ClaimLike): Usage {
  const out: Usage = new Map([
    ['count/persistentvolumeclaims', one()],
    ['persistentvolumeclaims', one()],
  ]);
  const storage = quantityOf(pvc.spec?.resources?.requests?.storage);
  const cls = pvc.spec?.storageClassName;
  if (cls) out.set(`${cls}${PVC_CLASS_SUFFIX}persistentvolumeclaims`, one());
  if (storage !== undefined) {
    out.set('requests.storage', storage);
    if (cls) out.set(`${cls}${PVC_CLASS_SUFFIX}requests.storage`, storage);
  }
  return out;
}

/**
 * The usage one object of `group`/`resource` counts: pods (compute, `pods`, `count/pods`),
 * services (with node ports and load balancers), claims (storage, per class), the legacy
 * core counts, and `count/<resource>[.<group>]` for everything else.
 */
export function objectUsage(group: string, resource: string, obj: KubeObject, now: Date): Usage {
  if (group === '') {
    if (resource === 'pods') return podUsage(obj as Pod, now);
    if (resource === 'services') return serviceUsage(obj as ServiceLike);
    if (resource === 'persistentvolumeclaims') return claimUsage(obj as ClaimLike);
    if (LEGACY_COUNTS.has(resource))
      return new Map([
        [`count/${resource}`, one()],
        [resource, one()],
      ]);
  }
  return new Map([[`count/${groupResource(group, resource)}`, one()]]);
}

/**
 * Whether the quota evaluator of `group`/`resource` also charges updates (its Handles):
 * services (a type can change to NodePort or LoadBalancer) and claims (a storage request can
 * grow). Every other kind, pods included, is charged on create only.
 */
export function evaluatorChargesUpdates(group: string, resource: string): boolean {
  return group === '' && (resource === 'services' || resource === 'persistentvolumeclaims');
}

/** Whether quota resource `name` is one the evaluator of `group`/`resource` counts (MatchingResources). */
export function evaluatorCovers(group: string, resource: string, name: string): boolean {
  if (name === `count/${groupResource(group, resource)}`) return true;
  if (group !== '') return false;
  if (resource === 'pods')
    return (
      name === 'pods' ||
      COMPUTE.some((r) => name === r || name === `requests.${r}` || name === `limits.${r}`) ||
      name.startsWith('hugepages-') ||
      (name.startsWith('requests.') && name.includes('/'))
    );
  if (resource === 'services') return ['services', 'services.nodeports', 'services.loadbalancers'].includes(name);
  if (resource === 'persistentvolumeclaims')
    return name === 'persistentvolumeclaims' || name === 'requests.storage' || name.includes(PVC_CLASS_SUFFIX);
  return LEGACY_COUNTS.has(resource) && name === resource;
}

function isBestEffort(pod: Pod): boolean {
  return [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])].every(
    (c) => Object.keys(c.resources?.requests ?? {}).length === 0 && Object.keys(c.resources?.limits ?? {}).length === 0,
  );
}

function scopeMatches(scope: string, operator: string, values: readonly string[], pod: Pod): boolean {
  const deadline = pod.spec?.activeDeadlineSeconds !== undefined;
  let match: boolean;
  switch (scope) {
    case 'Terminating':
      match = deadline;
      break;
    case 'NotTerminating':
      match = !deadline;
      break;
    case 'BestEffort':
      match = isBestEffort(pod);
      break;
    case 'NotBestEffort':
      match = !isBestEffort(pod);
      break;
    case 'PriorityClass': {
      const pc = pod.spec?.priorityClassName ?? '';
      if (operator === 'Exists') return pc !== '';
      if (operator === 'DoesNotExist') return pc === '';
      const inValues = values.includes(pc);
      return operator === 'NotIn' ? !inValues : inValues;
    }
    default:
      return false;
  }
  return match;
}

/**
 * Whether a quota applies to an object: unscoped quotas apply to everything; scopes and
 * scope selectors (BestEffort, NotBestEffort, Terminating, NotTerminating, PriorityClass)
 * only to pods that match every one of them.
 */
export function quotaMatchesObject(quota: ResourceQuota, group: string, resource: string, obj: KubeObject): boolean {
  const scopes = (quota.spec?.scopes ?? []).map((s) => ({ scope: s, operator: 'Exists', values: [] as string[] }));
  for (const e of quota.spec?.scopeSelector?.matchExpressions ?? [])
    scopes.push({ scope: e.scopeName ?? '', operator: e.operator ?? '', values: e.values ?? [] });
  if (scopes.length === 0) return true;
  if (group !== '' || resource !== 'pods') return false;
  return scopes.every((s) => scopeMatches(s.scope, s.operator, s.values, obj as Pod));
}

/**
 * The pods evaluator's constraint: when a quota constrains cpu or memory (requests, limits or
 * bare), every container must state them. Returns kube's `must specify limits.cpu for: a,b;
 * ...` text, or undefined when every container does.
 */
export function podConstraintProblem(required: Iterable<string>, pod: Pod): string | undefined {
  const needed = [...required].filter((r) => MUST_STATE.has(r));
  if (needed.length === 0) return undefined;
  const missing = new Map<string, Set<string>>();
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const stated = computeUsage(usageOf(c.resources?.requests), usageOf(c.resources?.limits));
    for (const r of needed) if (!stated.has(r)) (missing.get(r) ?? missing.set(r, new Set()).get(r)!).add(c.name ?? '');
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}

/** Quantities Kubernetes prints in quota messages (`pods=1,requests.cpu=500m`): keys sorted, joined by ','. */
export function prettyPrintUsage(usage: Usage): string {
  return [...usage.keys()]
    .sort()
    .map((k) => `${k}=${usage.get(k)!.toString()}`)
    .join(',');
}

/** The names in `usage` whose value is above `hard`'s (LessThanOrEqual's exceeded list); names `hard` lacks are not limited. */
export function exceededResources(usage: Usage, hard: Usage): string[] {
  return [...usage.keys()].filter((k) => hard.has(k) && usage.get(k)!.cmp(hard.get(k)!) > 0).sort();
}
