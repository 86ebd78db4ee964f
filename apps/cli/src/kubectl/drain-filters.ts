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

function controllerKind(p: DrainPod): string | undefined {
  return p.metadata?.ownerReferences?.find((o) => o.controller)?.kind;
}

type Verdict = { kind: 'evict' } | { kind: 'skip'; warning?: string } | { kind: 'refuse'; error: string };

function verdict(p: DrainPod, o: DrainFilterOptions): Verdict[] {
  const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
  if (p.metadata?.annotations?.[MIRROR] !== undefined) return [{ kind: 'skip' }];
  if (controllerKind(p) === 'DaemonSet') {
    if (finished) return [{ kind: 'evict' }];
    return o.ignoreDaemonSets
      ? [{ kind: 'skip', warning: 'ignoring DaemonSet-managed Pods' }]
      : [{ kind: 'refuse', error: 'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore)' }];
  }
  if (finished) return [{ kind: 'evict' }];
  const out: Verdict[] = [];
  if (!controllerKind(p))
    out.push(
      o.force
        ? { kind: 'skip', warning: 'deleting Pods that declare no controller' }
        : { kind: 'refuse', error: 'cannot delete Pods that declare no controller (use --force to override)' },
    );
  if (p.spec?.volumes?.some((v) => v.emptyDir !== undefined))
    out.push(
      o.deleteEmptyDirData
        ? { kind: 'skip', warning: 'deleting Pods with local storage' }
        : { kind: 'refuse', error: 'cannot delete Pods with local storage (use --delete-emptydir-data to override)' },
    );
  // A warning about a pod that is still evicted is only a warning.
  return out.some((v) => v.kind === 'refuse') ? out.filter((v) => v.kind === 'refuse') : [...out, { kind: 'evict' }];
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
