/**
 * kube-controller-manager's "garbage-collector": informers on every resource that lists,
 * watches and deletes (events excepted) feed the ownership graph; two queues, attemptToDelete
 * and attemptToOrphan, each with --concurrent-gc-syncs workers, act on it. The informers are
 * asked for when the collector runs, after every controller of the process was built, so that
 * the indexes other controllers declare come first on the shared informers.
 */
import {
  type Controller,
  type EventRecorder,
  type TimerHandle,
  Informer,
  listerWatcherOver,
  stripManagedFields,
} from '@wheelhouse/client';
import type { Logger } from 'pino';
import { messageOf } from '../../workload/pod-control.js';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import type { Runnable } from '../../runnable.js';
import { AbsentOwnerCache } from './absent-owner-cache.js';
import { type CollectorDeps, attemptToDelete } from './attempt-to-delete.js';
import { attemptToOrphan } from './attempt-to-orphan.js';
import { gcEnabled } from './flags.js';
import { GraphBuilder, type GraphQueues } from './graph-builder.js';
import {
  type AnyServed,
  CUSTOM_RESYNC_MS,
  type GcResource,
  GcResources,
  deletableResources,
  discoverCustomResources,
  informerOf,
  qualifiedName,
} from './resources.js';

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
  const resources = new GcResources();
  const deps: CollectorDeps = {
    client: ctx.client,
    resources,
    builder,
    queues: graphQueues,
    absent,
    log,
    loggedUnknown: new Set(),
  };
  const builtIn = deletableResources();
  // The shared informers first, before any await: the factory starts them with the others.
  const informers = builtIn.map((def) => informerOf(ctx.informers, def));
  const custom = resources.addCustom(await discoverCustom(ctx, log));
  const customInformers = custom.map((def) => customInformer(ctx, def, signal));
  queues.del = newController(ctx, {
    name: 'garbage_collector_attempt_to_delete',
    reconcile: (uid) => attemptToDelete(deps, uid),
    workers,
  });
  queues.orphan = newController(ctx, {
    name: 'garbage_collector_attempt_to_orphan',
    reconcile: (uid) => attemptToOrphan(deps, uid),
    workers,
    informers: [...informers, ...customInformers],
  });
  builtIn.forEach((def, i) => queues.del!.watch(informers[i]!, builder.handlerFor(def)));
  custom.forEach((def, i) => queues.del!.watch(customInformers[i]!, builder.handlerFor(def)));
  log.info(
    { resources: builtIn.length + custom.length, custom: custom.map(qualifiedName) },
    'garbage collector watching every deletable resource',
  );
  // One cache at a time: the controllers then find them synced (and wait on no signal for each).
  for (const informer of [...informers, ...customInformers]) if (!(await informer.waitForSync(signal))) return;
  const del = queues.del;
  // Custom resources defined later are watched from the next resync on (kube's monitor resync).
  const resync = async (): Promise<void> => {
    const added = resources.addCustom(await discoverCustom(ctx, log));
    for (const def of added) {
      const informer = customInformer(ctx, def, signal);
      del.watch(informer, builder.handlerFor(def));
      log.info({ resource: qualifiedName(def) }, 'garbage collector watching a new custom resource');
    }
    if (added.length > 0) retryKnownNow(deps);
  };
  const timer = { handle: undefined as TimerHandle | undefined };
  const schedule = (): void => {
    if (signal.aborted) return;
    timer.handle = ctx.clock.setTimeout(() => void resync().finally(schedule), CUSTOM_RESYNC_MS);
  };
  schedule();
  try {
    await Promise.all([queues.del.run(signal), queues.orphan.run(signal)]);
  } finally {
    if (timer.handle !== undefined) ctx.clock.clearTimeout(timer.handle);
  }
}

/**
 * Items left alone for naming a kind the API did not serve, whose kind is served now (a CRD
 * created since): they are looked at again (kube retries them until discovery knows the kind).
 */
function retryKnownNow(deps: CollectorDeps): void {
  for (const uid of [...deps.loggedUnknown]) {
    const node = deps.builder.graph.get(uid);
    if (!node || !deps.resources.resourceFor(node.identity.apiVersion, node.identity.kind)) continue;
    deps.loggedUnknown.delete(uid);
    deps.queues.attemptToDelete(node, false);
  }
}

/** The custom resources the server serves now; none (logged) when discovery fails. */
async function discoverCustom(ctx: ControllerContext, log: Logger): Promise<GcResource[]> {
  try {
    return await discoverCustomResources(ctx.client);
  } catch (err) {
    log.error({ err: messageOf(err) }, 'discovery of custom resources failed; trying again at the next resync');
    return [];
  }
}

/** A metadata informer of a custom resource, started at once and stopped with `signal`. */
function customInformer(ctx: ControllerContext, def: GcResource, signal: AbortSignal): Informer<AnyServed> {
  const informer = new Informer<AnyServed>({
    name: qualifiedName(def),
    listerWatcher: listerWatcherOver(ctx.client.resourceAt(def)),
    transform: stripManagedFields,
    clock: ctx.clock,
    logger: ctx.logger,
  });
  void informer.run(signal);
  return informer;
}
