/**
 * kube-controller-manager's "garbage-collector": informers on every resource that lists,
 * watches and deletes (events excepted) feed the ownership graph; two queues, attemptToDelete
 * and attemptToOrphan, each with --concurrent-gc-syncs workers, act on it. The informers are
 * asked for when the collector runs, after every controller of the process was built, so that
 * the indexes other controllers declare come first on the shared informers.
 */
import type { Controller, EventRecorder } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import type { Runnable } from '../../runnable.js';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { type CollectorDeps, attemptToDelete } from './attempt-to-delete.js';
import { attemptToOrphan } from './attempt-to-orphan.js';
import { gcEnabled } from './flags.js';
import { GraphBuilder, type GraphQueues } from './graph-builder.js';
import { deletableResources, informerOf } from './resources.js';

/** kube's event source component of the collector. */
export const GC_COMPONENT = 'garbage-collector-controller';

const NAME = 'garbage-collector';

/** Builds the collector; with --enable-garbage-collector=false it logs that it is disabled and does nothing. */
export function newGarbageCollectorController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const log = ctx.logger.child({ controller: NAME });
  if (!gcEnabled(options.settings)) {
    return {
      name: NAME,
      needsLeader: true,
      run: async () => log.warn({}, 'controller is disabled'),
    };
  }
  const recorder = ctx.recorder(GC_COMPONENT);
  return { name: NAME, needsLeader: true, run: (signal) => runCollector(ctx, options.workers, recorder, signal) };
}

async function runCollector(
  ctx: ControllerContext,
  workers: number,
  recorder: EventRecorder,
  signal: AbortSignal,
): Promise<void> {
  const log = ctx.logger.child({ controller: NAME });
  const queues: { del?: Controller; orphan?: Controller } = {};
  const absent = new AbsentOwnerCache();
  const graphQueues: GraphQueues = {
    attemptToDelete: (n, rateLimited) =>
      rateLimited ? queues.del!.queue.addRateLimited(n.identity.uid) : queues.del!.enqueue(n.identity.uid),
    attemptToOrphan: (n) => queues.orphan!.enqueue(n.identity.uid),
  };
  const builder = new GraphBuilder({ queues: graphQueues, absent, recorder, log });
  const deps: CollectorDeps = {
    client: ctx.client,
    builder,
    queues: graphQueues,
    absent,
    log,
    loggedUnknown: new Set(),
  };
  const resources = deletableResources();
  const informers = resources.map((def) => informerOf(ctx.informers, def));
  queues.del = newController(ctx, {
    name: 'garbage_collector_attempt_to_delete',
    reconcile: (uid) => attemptToDelete(deps, uid),
    workers,
  });
  queues.orphan = newController(ctx, {
    name: 'garbage_collector_attempt_to_orphan',
    reconcile: (uid) => attemptToOrphan(deps, uid),
    workers,
    informers,
  });
  resources.forEach((def, i) => queues.del!.watch(informers[i]!, builder.handlerFor(def)));
  log.info({ resources: resources.length }, 'garbage collector watching every deletable resource');
  // One cache at a time: the controllers then find them synced (and wait on no signal for each).
  for (const informer of informers) if (!(await informer.waitForSync(signal))) return;
  await Promise.all([queues.del.run(signal), queues.orphan.run(signal)]);
}
