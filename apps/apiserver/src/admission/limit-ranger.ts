/**
 * LimitRanger, as kube-apiserver's: on pod create, containers (and init containers, sidecars
 * included) without requests or limits get the defaults of each of the namespace's
 * LimitRanges in turn (type Container `default` and `defaultRequest`; a value an earlier
 * range set stays), noted in the `kubernetes.io/limit-ranger` annotation; then a pod outside
 * a LimitRange's min, max or maxLimitRequestRatio (per Container, or per Pod in total, the
 * sidecars counted as the kubelet runs them) is refused 403 with kube's texts. A claim's
 * `spec.resources.requests` is held to the min and max of type PersistentVolumeClaim on
 * create and update (never defaulted). The first LimitRange a request breaks gives the
 * message (its problems aggregated as kube's, each text once); subresources and objects being
 * deleted are left alone.
 */
import {
  podContainerResources,
  usageOf,
  type ApiObject,
  type Container,
  type LimitRange,
  type LimitRangeItem,
  type Pod,
  type ResourceList,
} from '@wheelhouse/api';
import type { Quantity } from '@wheelhouse/machinery';
import { resourceDef } from '../registry/registry.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { AdmissionAttributes, AdmissionPlugin } from './admission.js';
import { admissionForbidden } from './forbidden.js';

/** The annotation LimitRanger records the defaults it set in. */
export const LIMIT_RANGER_ANNOTATION = 'kubernetes.io/limit-ranger';

/** Go's resource.MaxMilliValue: beyond it comparisons use whole units. */
const MAX_MILLI_VALUE = Number.MAX_SAFE_INTEGER / 1000;

/** Fills a container's unset requests and limits; returns kube's annotation phrases for what it set. */
function mergeContainer(c: Container, limits: ResourceList, requests: ResourceList, noun: string): string[] {
  const res = (c.resources ??= {});
  const setLimits = Object.keys(limits).filter((k) => !Object.hasOwn(res.limits ?? {}, k));
  const setRequests = Object.keys(requests).filter((k) => !Object.hasOwn(res.requests ?? {}, k));
  if (setLimits.length > 0)
    res.limits = { ...res.limits, ...Object.fromEntries(setLimits.map((k) => [k, limits[k]!])) };
  if (setRequests.length > 0)
    res.requests = { ...res.requests, ...Object.fromEntries(setRequests.map((k) => [k, requests[k]!])) };
  const out: string[] = [];
  if (setRequests.length > 0) out.push(`${setRequests.sort().join(', ')} request for ${noun} ${c.name ?? ''}`);
  if (setLimits.length > 0) out.push(`${setLimits.sort().join(', ')} limit for ${noun} ${c.name ?? ''}`);
  return out;
}

/** PodMutateLimitFunc: one LimitRange's Container defaults, for what the pod does not state yet. */
function applyDefaults(pod: Pod, range: LimitRange): void {
  const limits: ResourceList = {};
  const requests: ResourceList = {};
  for (const item of range.spec?.limits ?? [])
    if (item.type === 'Container') {
      Object.assign(limits, item.default);
      Object.assign(requests, item.defaultRequest);
    }
  const notes = [
    ...(pod.spec?.containers ?? []).flatMap((c) => mergeContainer(c, limits, requests, 'container')),
    ...(pod.spec?.initContainers ?? []).flatMap((c) => mergeContainer(c, limits, requests, 'init container')),
  ];
  if (notes.length > 0) {
    const meta = (pod.metadata ??= {});
    meta.annotations = {
      ...meta.annotations,
      [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join('; ')}`,
    };
  }
}

/** requestLimitEnforcedValues: milli-units when every value fits, whole units otherwise. */
function values(...qs: Array<Quantity | undefined>): number[] {
  const whole = qs.map((x) => (x === undefined ? 0 : x.value()));
  return whole.every((v) => v <= MAX_MILLI_VALUE) ? qs.map((x) => (x === undefined ? 0 : x.milliValue())) : whole;
}

type Check = (
  type: string,
  name: string,
  enforced: Quantity,
  req: Quantity | undefined,
  lim: Quantity | undefined,
) => string | undefined;

const minCheck: Check = (type, name, enforced, req, lim) => {
  const [r, l, e] = values(req, lim, enforced) as [number, number, number];
  if (req === undefined) return `minimum ${name} usage per ${type} is ${enforced.toString()}.  No request is specified`;
  if (r < e) return `minimum ${name} usage per ${type} is ${enforced.toString()}, but request is ${req.toString()}`;
  if (lim !== undefined && l < e)
    return `minimum ${name} usage per ${type} is ${enforced.toString()}, but limit is ${lim.toString()}`;
  return undefined;
};

const maxCheck: Check = (type, name, enforced, req, lim) => {
  const [r, l, e] = values(req, lim, enforced) as [number, number, number];
  if (lim === undefined) return `maximum ${name} usage per ${type} is ${enforced.toString()}.  No limit is specified`;
  if (l > e) return `maximum ${name} usage per ${type} is ${enforced.toString()}, but limit is ${lim.toString()}`;
  if (req !== undefined && r > e)
    return `maximum ${name} usage per ${type} is ${enforced.toString()}, but request is ${req.toString()}`;
  return undefined;
};

const ratioCheck: Check = (type, name, enforced, req, lim) => {
  const [r, l] = values(req, lim, enforced) as [number, number];
  const head = `${name} max limit to request ratio per ${type} is ${enforced.toString()}`;
  if (req === undefined || r === 0) return `${head}, but no request is specified or request is 0`;
  if (lim === undefined || l === 0) return `${head}, but no limit is specified or limit is 0`;
  const ratio = l / r;
  const bounded = enforced.value() <= MAX_MILLI_VALUE;
  if ((bounded ? ratio * 1000 : ratio) > (bounded ? enforced.milliValue() : enforced.value()))
    return `${head}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
};

/** maxRequestConstraint: a claim's storage is held to the max by its request (claims have no limits). */
const maxRequestCheck: Check = (type, name, enforced, req) => {
  const [r, , e] = values(req, undefined, enforced) as [number, number, number];
  if (req === undefined) return `maximum ${name} usage per ${type} is ${enforced.toString()}.  No request is specified`;
  if (r > e) return `maximum ${name} usage per ${type} is ${enforced.toString()}, but request is ${req.toString()}`;
  return undefined;
};

/** One LimitRange item's problems; a claim's max holds its request (claims have no limits), and its ratio is not read. */
function checkItem(
  item: LimitRangeItem,
  type: string,
  requests: Map<string, Quantity>,
  limits: Map<string, Quantity>,
): string[] {
  const out: string[] = [];
  const run = (list: ResourceList | undefined, check: Check) => {
    for (const [name, enforced] of [...usageOf(list)].sort(([a], [b]) => a.localeCompare(b))) {
      const problem = check(type, name, enforced, requests.get(name), limits.get(name));
      if (problem !== undefined) out.push(problem);
    }
  };
  const claim = type === 'PersistentVolumeClaim';
  run(item.min, minCheck);
  run(item.max, claim ? maxRequestCheck : maxCheck);
  if (!claim) run(item.maxLimitRequestRatio, ratioCheck);
  return out;
}

/** PodValidateLimitFunc's problems with one LimitRange, in its order. */
function podViolations(pod: Pod, range: LimitRange): string[] {
  const out: string[] = [];
  for (const item of range.spec?.limits ?? []) {
    if (item.type === 'Container')
      for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])])
        out.push(...checkItem(item, 'Container', usageOf(c.resources?.requests), usageOf(c.resources?.limits)));
    if (item.type === 'Pod')
      out.push(...checkItem(item, 'Pod', podContainerResources(pod, 'requests'), podContainerResources(pod, 'limits')));
  }
  return out;
}

interface ClaimLike {
  spec?: { resources?: { requests?: ResourceList } };
}

/** PersistentVolumeClaimValidateLimitFunc's problems with one LimitRange: min and max of the requests. */
function claimViolations(claim: ClaimLike, range: LimitRange): string[] {
  const requests = usageOf(claim.spec?.resources?.requests);
  return (range.spec?.limits ?? [])
    .filter((item) => item.type === 'PersistentVolumeClaim')
    .flatMap((item) => checkItem(item, 'PersistentVolumeClaim', requests, new Map()));
}

/** SupportsAttributes and the deletion check: pods on create, claims on create and update; no subresources, nothing being deleted. */
function supports(plural: string, attrs: AdmissionAttributes): boolean {
  if (attrs.subresource !== undefined || attrs.oldObject?.metadata.deletionTimestamp !== undefined) return false;
  return plural === 'persistentvolumeclaims' || attrs.operation === 'CREATE';
}

/** The LimitRanger plugin for pods and claims, reading the namespace's LimitRanges from the watch cache. */
export function limitRanger(cache: WatchCache): AdmissionPlugin {
  const lrDef = resourceDef('', 'limitranges');
  return {
    resources: [
      { group: '', plural: 'pods' },
      { group: '', plural: 'persistentvolumeclaims' },
    ],
    operations: ['CREATE', 'UPDATE'],
    admit: (def, obj: ApiObject, namespace, attrs) => {
      if (namespace === undefined || !supports(def.plural, attrs)) return;
      const ranges = cache.snapshot(lrDef, namespace).items.map((i) => i.obj as unknown as LimitRange);
      if (ranges.length === 0) return;
      const isPod = def.plural === 'pods';
      if (isPod) for (const range of ranges) applyDefaults(obj as unknown as Pod, range);
      for (const range of ranges) {
        const problems = isPod ? podViolations(obj as unknown as Pod, range) : claimViolations(obj as ClaimLike, range);
        if (problems.length === 0) continue;
        // utilerrors.NewAggregate's text: a repeated problem (two containers without a limit) once.
        const texts = [...new Set(problems)];
        const why = texts.length === 1 ? texts[0]! : `[${texts.join(', ')}]`;
        throw admissionForbidden(def, obj.metadata.name ?? '', why);
      }
    },
  };
}
