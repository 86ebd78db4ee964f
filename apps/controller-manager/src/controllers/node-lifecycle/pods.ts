/**
 * Pods on a node that stopped being Ready lose their Ready condition (kube's MarkPodsNotReady),
 * so Endpoints stop sending them traffic; each gets a NodeNotReady warning event.
 */
import type { Pod } from '@wheelhouse/api';
import { type ConcurrencyLimit, type DeepReadonly, type Served, isNotFound, mutableCopy } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import type { NodeLifecycleDeps } from './deps.js';

/**
 * Mark writes in flight at once, across all nodes, the pass's and the pod workers' together.
 * kube's monitor pass marks a node's pods one by one in each of its 8 node workers
 * (nodeUpdateWorkerSize), so the pass never has more than 8 in flight; its 4 pod workers mark
 * one pod each. Ours run beside the pass (see markPodsInBackground); all at once, 100 failed
 * nodes' 1,000 writes crowded the API server, and the pass's own node status writes, queued
 * behind them, took 130 ms instead of 20: passes of 0.4-0.9 s that put off the next nodes'
 * NotReady and every NoExecute taint (bench/node-failure).
 */
export const POD_MARK_WRITES_IN_FLIGHT = 8;

/** What the mark writes still waiting for a slot are refused with once the controller stops. */
export const MARKS_STOPPED = new Error('the node lifecycle controller stopped');

/**
 * Sets Ready=False (keeping its reason and message, the transition at now) on each of `pods`
 * bound to `nodeName` whose Ready condition is not False already, through pods/status, at most
 * `slots.limit` at once (shared by every caller). Pods gone meanwhile, and writes still waiting
 * for a slot when the controller stops ({@link MARKS_STOPPED}), are skipped; throws an
 * AggregateError of the failed writes after trying all.
 */
export async function markPodsNotReady(
  deps: NodeLifecycleDeps,
  slots: ConcurrencyLimit,
  pods: readonly DeepReadonly<Served<Pod>>[],
  nodeName: string,
): Promise<void> {
  const errors: unknown[] = [];
  const writes = pods.map(async (listed) => {
    const write = slots.run(async () => {
      // The cache's version when the slot comes (the list may be seconds old by then).
      const cached = deps.pods.get(listed.metadata.name, listed.metadata.namespace) ?? listed;
      if (cached.spec?.nodeName !== nodeName || cached.metadata.uid !== listed.metadata.uid) return false;
      const ready = cached.status?.conditions?.find((c) => c.type === 'Ready');
      if (!ready || ready.status === 'False') return false;
      const pod = mutableCopy(cached);
      const cond = pod.status!.conditions!.find((c) => c.type === 'Ready')!;
      cond.status = 'False';
      cond.lastTransitionTime = formatTime(deps.clock.now());
      try {
        await deps.client.resource('pods').updateStatus(pod);
      } catch (err) {
        if (isNotFound(err)) return false;
        deps.log.info(
          { pod: `${pod.metadata.namespace}/${pod.metadata.name}`, err },
          'failed to update status for pod',
        );
        errors.push(err);
      }
      return true;
    });
    // A write refused at the controller's stop is not made, and says nothing.
    const marked = await write.catch((err: unknown) => {
      if (err === MARKS_STOPPED) return false;
      throw err;
    });
    if (marked) deps.recorder.event(listed as Served<Pod>, 'Warning', 'NodeNotReady', 'Node is not ready');
  });
  await Promise.all(writes);
  if (errors.length > 0)
    throw new AggregateError(errors, `unable to mark ${errors.length} pod(s) not ready on ${nodeName}`);
}
