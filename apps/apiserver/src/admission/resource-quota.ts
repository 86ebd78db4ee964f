/**
 * ResourceQuota admission on create: an object whose usage would take a quota of its
 * namespace past `status.hard` is refused 403 with kube's `exceeded quota: NAME, requested:
 * ..., used: ..., limited: ...`; a pod that leaves out cpu or memory a quota constrains gets
 * `failed quota: NAME: must specify ...`; a quota whose `status.used` lacks a resource of its
 * `status.hard` gets `status unknown for quota`, and a quota with no `status.hard` yet (the
 * controller has not synced it) constrains nothing, as in kube (never `spec.hard`). Admitted usage is charged to `status.used` with a
 * read-modify-write on each quota (retried on conflict, re-checked on the fresh quota), so
 * concurrent creates cannot together go past a limit. A dry run is checked the same way but
 * charges nothing.
 */
import {
  addUsage,
  evaluatorCovers,
  exceededResources,
  maskUsage,
  objectUsage,
  podConstraintProblem,
  prettyPrintUsage,
  quotaMatchesObject,
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
import type { AdmissionPlugin } from './admission.js';
import { admissionForbidden } from './forbidden.js';

function nonZero(usage: Usage): Usage {
  return new Map([...usage].filter(([, v]) => !v.isZero()));
}

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

/** The ResourceQuota plugin: quotas read from the watch cache, charged through `storage`. */
export function resourceQuotaAdmission(cache: WatchCache, storage: ObjectStorage, now: () => number): AdmissionPlugin {
  const quotaDef = resourceDef('', 'resourcequotas');
  return {
    admit: async (def, obj, namespace, attrs) => {
      if (namespace === undefined || !def.namespaced) return;
      const quotas = cache.snapshot(quotaDef, namespace).items.map((i) => i.obj as unknown as ResourceQuota);
      if (quotas.length === 0) return;
      const applicable = applicableQuotas(def, obj, quotas);
      const delta = nonZero(objectUsage(def.group, def.plural, obj, new Date(now())));
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
