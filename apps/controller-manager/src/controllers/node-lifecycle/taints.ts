/**
 * The taints the node lifecycle controller owns (kube's node controller taints) and how it
 * changes them on a Node: a merge patch of spec.taints guarded by the Node's resourceVersion,
 * retried on conflict with a fresh read, leaving every other taint as it was.
 */
import type { Node, Taint } from '@wheelhouse/api';
import { type DeepReadonly, type Lister, type RestClient, type Served, isConflict } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';

/** The taint a node gets for Ready=Unknown. */
export const UNREACHABLE_NO_EXECUTE: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
/** The taint a node gets for Ready=False. */
export const NOT_READY_NO_EXECUTE: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
/** The NoSchedule taint for spec.unschedulable. */
export const UNSCHEDULABLE_KEY = 'node.kubernetes.io/unschedulable';

/** Which NoSchedule taint a condition in a status gets (kube's nodeConditionToTaintKeyStatusMap). */
const CONDITION_TAINTS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Ready: { False: 'node.kubernetes.io/not-ready', Unknown: 'node.kubernetes.io/unreachable' },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};

/** The keys of the NoSchedule taints this controller manages. */
const MANAGED_NO_SCHEDULE_KEYS = new Set([
  ...Object.values(CONDITION_TAINTS).flatMap(Object.values),
  UNSCHEDULABLE_KEY,
]);

type TaintLike = DeepReadonly<Taint>;

/** Same key and effect (kube's Taint.MatchTaint). */
export function matchTaint(a: TaintLike, b: TaintLike): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** Whether `taints` hold one matching `t`. */
export function hasTaint(taints: readonly TaintLike[] | undefined, t: TaintLike): boolean {
  return (taints ?? []).some((x) => matchTaint(x, t));
}

/** The NoSchedule taints the node's conditions and spec.unschedulable call for. */
export function wantedNoScheduleTaints(node: DeepReadonly<Node>): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type ?? '']?.[c.status ?? ''];
    if (key) out.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ key: UNSCHEDULABLE_KEY, effect: 'NoSchedule' });
  return out;
}

/** The node's NoSchedule taints this controller manages. */
export function managedNoScheduleTaints(node: DeepReadonly<Node>): TaintLike[] {
  return (node.spec?.taints ?? []).filter((t) => t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE_KEYS.has(t.key));
}

/** Taints of `wanted` missing from `current`, and taints of `current` not in `wanted` (kube's TaintSetDiff). */
export function taintSetDiff(
  wanted: readonly TaintLike[],
  current: readonly TaintLike[],
): { add: TaintLike[]; remove: TaintLike[] } {
  return {
    add: wanted.filter((t) => !hasTaint(current, t)),
    remove: current.filter((t) => !hasTaint(wanted, t)),
  };
}

/** What {@link swapTaints} writes through. */
export interface TaintDeps {
  client: RestClient;
  nodes: Lister<Served<Node>>;
  /** Epoch ms now: the added taints' timeAdded. */
  now(): number;
}

const RETRIES = 5;

/**
 * Adds `add` (timeAdded now; a taint with the same key and effect stays as it is) and removes the
 * taints matching `remove` on the Node named `name`, in one write; a no-op when nothing would
 * change. Resolves whether it wrote. Reads the cache first, then the server after a conflict (up to 5 tries). Throws the
 * API error (NotFound when the Node is gone).
 */
export async function swapTaints(
  deps: TaintDeps,
  name: string,
  add: readonly TaintLike[],
  remove: readonly TaintLike[],
): Promise<boolean> {
  const stamp = formatTime(deps.now());
  const adding = add.map((t): Taint => ({
    key: t.key,
    effect: t.effect,
    ...(t.value ? { value: t.value } : {}),
    timeAdded: stamp,
  }));
  const nodes = deps.client.resource('nodes');
  for (let attempt = 1; ; attempt++) {
    const node = (attempt === 1 ? deps.nodes.get(name) : undefined) ?? (await nodes.get(name));
    const current = node.spec?.taints ?? [];
    const kept = current.filter((t) => !hasTaint(remove, t));
    // A taint already there keeps its timeAdded: the pods' toleration clocks run from it.
    const added = adding.filter((t) => !hasTaint(kept, t));
    if (added.length === 0 && kept.length === current.length) return false;
    const next = [...kept, ...added] as Taint[];
    try {
      const patch = {
        metadata: { resourceVersion: node.metadata.resourceVersion },
        spec: { taints: next.length ? next : null },
      };
      await nodes.patch(name, patch, { type: 'merge' });
      return true;
    } catch (err) {
      if (!isConflict(err) || attempt >= RETRIES) throw err;
    }
  }
}

/**
 * Removes the taints matching `remove` from the Node (kube's RemoveTaintOffNode): nothing is
 * written when the cached Node has none of them.
 */
export async function removeTaints(
  deps: TaintDeps,
  node: DeepReadonly<Served<Node>>,
  remove: readonly TaintLike[],
): Promise<void> {
  if (!remove.some((t) => hasTaint(node.spec?.taints, t))) return;
  await swapTaints(deps, node.metadata.name, [], remove);
}
