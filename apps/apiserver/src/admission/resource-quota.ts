/**
 * ResourceQuota admission, as kube-apiserver's: on create (and on update of services and
 * claims, whose usage can grow) an object whose usage would take a quota of its namespace
 * past `status.hard` is refused 403 with kube's `exceeded quota: NAME, requested: ...,
 * used: ..., limited: ...`; an update is charged only what it adds. A pod that leaves out
 * cpu or memory a quota constrains gets `failed quota: NAME: must specify ...`; a quota whose
 * `status.used` lacks a resource of its `status.hard` gets `status unknown for quota`. A quota
 * with no `status.hard` yet (the controller has not synced it) constrains nothing. Admitted
 * usage is charged to `status.used` with a read-modify-write on each quota (retried on
 * conflict, re-checked on the fresh quota), so concurrent writes cannot together go past a
 * limit; a dry run is checked the same way but charges nothing.
 */
import {
  addUsage,
  evaluatorChargesUpdates,
  evaluatorCovers,
  exceededResources,
  maskUsage,
  nonZeroUsage,
  objectUsage,
  podConstraintProblem,
  prettyPrintUsage,
  quotaMatchesObject,
  subtractUsageFloored,
  usageOf,
  usageToList,
  type ApiObject,
  type Pod,
  type ResourceQuota,
  type Usage,
} from '@wheelhouse/api';
import { resourceDef, type ResourceDef } from '../registry/registry.js';
import type { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { AdmissionAttributes, AdmissionPlugin } from './admission.js';
import { admissionForbidden } from './forbidden.js';

/** Why `quota` refuses `delta` given its current status, or undefined; the new `used` when it admits. */
function charge(quota: ResourceQuota, delta: Usage): { refusal: string } | { used: Usage } {
  const hard = usageOf(quota.status?.hard);
  const used = usageOf(quota.status?.used);
  const requested = maskUsage(delta, hard.keys());
  const next = addUsage(used, requested);
  const exceeded = exceededResources(maskUsage(next, requested.keys()), hard);
  if (exceeded.length === 0) return { used: next };
  const name = quota.metadata?.name ?? '';
  return {
    refusal:
      `exceeded quota: ${name}, requested: ${prettyPrintUsage(maskUsage(requested, exceeded))}, ` +
      `used: ${prettyPrintUsage(maskUsage(used, exceeded))}, limited: ${prettyPrintUsage(maskUsage(hard, exceeded))}`,
  };
}

/** The quotas of the namespace that constrain this object, after kube's per-quota checks (constraints, known status). */
function applicableQuotas(def: ResourceDef, obj: ApiObject, quotas: readonly ResourceQuota[]): ResourceQuota[] {
  const out: ResourceQuota[] = [];
  for (const quota of quotas) {
    const restricted = Object.keys(quota.status?.hard ?? {}).filter((n) => evaluatorCovers(def.group, def.plural, n));
    if (restricted.length === 0 || !quotaMatchesObject(quota, def.group, def.plural, obj)) continue;
    const name = quota.metadata?.name ?? '';
    if (def.group === '' && def.plural === 'pods') {
      const problem = podConstraintProblem(restricted, obj as unknown as Pod);
      if (problem !== undefined)
        throw admissionForbidden(def, obj.metadata.name ?? '', `failed quota: ${name}: ${problem}`);
    }
    const used = quota.status?.used ?? {};
    if (restricted.some((r) => !Object.hasOwn(used, r)))
      throw admissionForbidden(
        def,
        obj.metadata.name ?? '',
        `status unknown for quota: ${name}, resources: ${[...restricted].sort().join(',')}`,
      );
    out.push(quota);
  }
  return out;
}

/** Whether kube's evaluator of this resource handles the request (its Handles): creates, and updates where usage can grow. */
function handles(def: ResourceDef, attrs: AdmissionAttributes): boolean {
  if (attrs.subresource !== undefined) return false;
  return attrs.operation === 'CREATE' || evaluatorChargesUpdates(def.group, def.plural);
}

/** What the request adds: the object's usage, less the stored object's on an update; zeros left out. */
function requestDelta(def: ResourceDef, obj: ApiObject, attrs: AdmissionAttributes, now: Date): Usage {
  const usage = objectUsage(def.group, def.plural, obj, now);
  const old = attrs.oldObject;
  if (attrs.operation !== 'UPDATE' || !old?.metadata.resourceVersion) return nonZeroUsage(usage);
  return nonZeroUsage(subtractUsageFloored(usage, objectUsage(def.group, def.plural, old, now)));
}

/** The ResourceQuota plugin: quotas read from the watch cache, charged through `storage`. */
export function resourceQuotaAdmission(cache: WatchCache, storage: ObjectStorage, now: () => number): AdmissionPlugin {
  const quotaDef = resourceDef('', 'resourcequotas');
  return {
    operations: ['CREATE', 'UPDATE'],
    admit: async (def, obj, namespace, attrs) => {
      if (namespace === undefined || !def.namespaced || !handles(def, attrs)) return;
      const quotas = cache.snapshot(quotaDef, namespace).items.map((i) => i.obj as unknown as ResourceQuota);
      if (quotas.length === 0) return;
      const applicable = applicableQuotas(def, obj, quotas);
      const delta = requestDelta(def, obj, attrs, new Date(now()));
      if (applicable.length === 0 || delta.size === 0) return;
      const name = obj.metadata.name ?? '';
      for (const quota of applicable) {
        const result = charge(quota, delta);
        if ('refusal' in result) throw admissionForbidden(def, name, result.refusal);
      }
      if (attrs.dryRun) return;
      for (const quota of applicable) {
        await storage.update(quotaDef, namespace, quota.metadata?.name ?? '', (current) => {
          const result = charge(current as unknown as ResourceQuota, delta);
          if ('refusal' in result) throw admissionForbidden(def, name, result.refusal);
          return { ...current, status: { ...(current.status as object), used: usageToList(result.used) } };
        });
      }
    },
  };
}
