/**
 * Which pods of a node `drain` evicts, skips or refuses, with kubectl's texts: DaemonSet
 * pods (refused unless --ignore-daemonsets, then skipped with a warning), mirror pods
 * (skipped), pods with emptyDir volumes (refused unless --delete-emptydir-data), pods no
 * controller manages (refused unless --force), finished pods (deleted without a fuss).
 */
import type { KubeObject } from './objects.js';

/** A pod as drain reads it. */
export interface DrainPod extends KubeObject {
  spec?: { volumes?: Array<{ emptyDir?: unknown }>; nodeName?: string };
  status?: { phase?: string };
}

/** The drain flags the filters read. */
export interface DrainFilterOptions {
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  force: boolean;
}

/** What drain does with a node's pods. */
export interface DrainPlan {
  evict: DrainPod[];
  /** `Warning: ...` texts (joined with `; `). */
  warnings: string[];
  /** Refusals, one per kind: `cannot delete ...: ns/a, ns/b`. */
  errors: string[];
}

const MIRROR = 'kubernetes.io/config.mirror';

function key(p: DrainPod): string {
  return `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
}

function controller(p: DrainPod): { kind: string; apiVersion?: string } | undefined {
  return p.metadata?.ownerReferences?.find((o) => o.controller);
}

type Verdict = { kind: 'evict' } | { kind: 'skip'; warning?: string } | { kind: 'refuse'; error: string };

/**
 * kubectl's filters in its order (DaemonSet, mirror, local storage, unmanaged): the first
 * refusal ends the pod's checks, so a pod is refused for one reason only. Unlike kubectl,
 * whose last filter's verdict overwrites an earlier warning, every warning of an evicted
 * pod is printed (kubectl drops the local-storage one of a managed pod: a known TODO there).
 */
function verdict(p: DrainPod, o: DrainFilterOptions): Verdict[] {
  const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
  const owner = controller(p);
  if (owner?.kind === 'DaemonSet' && owner.apiVersion === 'apps/v1' && !finished)
    return o.ignoreDaemonSets
      ? [{ kind: 'skip', warning: 'ignoring DaemonSet-managed Pods' }]
      : [{ kind: 'refuse', error: 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' }];
  if (p.metadata?.annotations?.[MIRROR] !== undefined) return [{ kind: 'skip' }];
  if (finished) return [{ kind: 'evict' }];
  const warnings: Verdict[] = [];
  if (p.spec?.volumes?.some((v) => v.emptyDir !== undefined)) {
    if (!o.deleteEmptyDirData)
      return [
        { kind: 'refuse', error: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)' },
      ];
    warnings.push({ kind: 'skip', warning: 'deleting Pods with local storage' });
  }
  if (!owner) {
    if (!o.force)
      return [{ kind: 'refuse', error: 'cannot delete Pods that declare no controller (use --force to override)' }];
    warnings.push({ kind: 'skip', warning: 'deleting Pods that declare no controller' });
  }
  return [...warnings, { kind: 'evict' }];
}

/** Sorts `pods` into evictions, warnings and refusals. */
export function planDrain(pods: readonly DrainPod[], o: DrainFilterOptions): DrainPlan {
  const warnings = new Map<string, string[]>();
  const errors = new Map<string, string[]>();
  const evict: DrainPod[] = [];
  for (const p of pods) {
    for (const v of verdict(p, o)) {
      if (v.kind === 'evict') evict.push(p);
      else if (v.kind === 'refuse') errors.set(v.error, [...(errors.get(v.error) ?? []), key(p)]);
      else if (v.warning) warnings.set(v.warning, [...(warnings.get(v.warning) ?? []), key(p)]);
    }
  }
  const join = (m: Map<string, string[]>): string[] => [...m].map(([text, pods]) => `${text}: ${pods.join(', ')}`);
  return { evict, warnings: join(warnings), errors: join(errors) };
}
