/**
 * kube-controller-manager's "namespace" controller: every namespace with a deletionTimestamp is
 * synced by the deleter (deleter.ts) 5 s after each change (kube's namespaceDeletionGracePeriod,
 * time for last-moment creations to land), again every --namespace-sync-period, after about
 * half the estimate while content is expected to go, and with kube's namespace retry backoff
 * (at most a minute) after failures.
 */
import type { Namespace } from '@wheelhouse/api';
import {
  BucketRateLimiter,
  Controller,
  type DeepReadonly,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
  type Result,
  type Served,
  type TimerHandle,
} from '@wheelhouse/client';
import type { ControllerContext, ControllerOptions } from '../../context.js';
import { namespaceInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { type DeleterDeps, ResourcesRemainingError, deleteNamespace } from './deleter.js';
import { namespaceSettings } from './settings.js';

/** How long after a change a deleted namespace is synced (kube's namespaceDeletionGracePeriod). */
export const NAMESPACE_DELETION_GRACE_MS = 5_000;

/** The wait after a sync that left content expected to go by itself: half the estimate, plus a second. */
export function remainingDelayMs(estimateSeconds: number): number {
  return (Math.floor(estimateSeconds / 2) + 1) * 1000;
}

async function sync(deps: DeleterDeps, exists: (name: string) => boolean, name: string): Promise<Result> {
  if (!exists(name)) return {};
  try {
    await deleteNamespace(deps, name);
  } catch (err) {
    if (err instanceof ResourcesRemainingError) return { requeueAfter: remainingDelayMs(err.estimateSeconds) };
    throw err;
  }
  return {};
}

/** Builds the controller; `options.settings` carries --namespace-sync-period. */
export function newNamespaceController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const { syncPeriodMs } = namespaceSettings(options.settings);
  const namespaces = namespaceInformer(ctx.informers);
  const lister = namespaces.lister();
  const deps: DeleterDeps = {
    client: ctx.client,
    clock: ctx.clock,
    log: ctx.logger.child({ controller: 'namespace' }),
  };
  const controller = new Controller<string>({
    name: 'namespace',
    reconcile: (name) => sync(deps, (n) => lister.get(n) !== undefined, name),
    workers: options.workers,
    clock: ctx.clock,
    logger: ctx.logger,
    // kube's nsControllerRateLimiter: failures are retried at least once a minute.
    rateLimiter: new MaxOfRateLimiter<string>(
      new ItemExponentialRateLimiter<string>(5, 60_000),
      new BucketRateLimiter<string>(10, 100, ctx.clock),
    ),
    ...(ctx.metricsProvider ? { metricsProvider: ctx.metricsProvider } : {}),
  });
  const enqueue = (ns: DeepReadonly<Served<Namespace>>): void => {
    if (ns.metadata.deletionTimestamp) controller.queue.addAfter(ns.metadata.name, NAMESPACE_DELETION_GRACE_MS);
  };
  controller.watch(namespaces, { onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) });
  return {
    name: 'namespace',
    needsLeader: true,
    run: async (signal) => {
      let timer: TimerHandle | undefined;
      const resync = (): void => {
        if (signal.aborted) return;
        for (const ns of lister.list()) enqueue(ns);
        timer = ctx.clock.setTimeout(resync, syncPeriodMs);
      };
      if (syncPeriodMs > 0) timer = ctx.clock.setTimeout(resync, syncPeriodMs);
      try {
        await controller.run(signal);
      } finally {
        if (timer) ctx.clock.clearTimeout(timer);
      }
    },
  };
}
