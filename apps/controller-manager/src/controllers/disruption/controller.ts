/**
 * The disruption controller's wiring (kube's DisruptionController): budget events enqueue the
 * budget; pod events enqueue the budget matching the pod (one, as kube: a pod matching several
 * gets a MultiplePodDisruptionBudgets warning), and pods with a DisruptionTarget condition go
 * to a second queue that resets it once stale. Workload objects are read from their caches only.
 */
import type { Pod } from '@wheelhouse/api';
import { type EventHandler, type Served, type Controller, objectKey } from '@wheelhouse/client';
import { labelSelectorFromStructured, matchesLabels } from '@wheelhouse/machinery';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import {
  deploymentInformer,
  podDisruptionBudgetInformer,
  podInformer,
  replicaSetInformer,
  replicationControllerInformer,
  statefulSetInformer,
} from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { ScaleClient } from '../../workload/scale-client.js';
import type { CachedPod } from '../../workload/pod-status.js';
import type { CachedBudget } from './budget.js';
import { COMPONENT, multipleBudgetsMessage } from './events.js';
import { type DisruptionDeps, podSubject, syncBudget } from './reconcile.js';
import { staleConditionWait, syncStalePodDisruption } from './stale-condition.js';

/** kube-controller-manager's "disruption" controller (one worker per queue, as kube runs it). */
export function newDisruptionController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const [pods, budgets] = [podInformer(ctx.informers), podDisruptionBudgetInformer(ctx.informers)];
  const workloads = [
    replicationControllerInformer(ctx.informers),
    replicaSetInformer(ctx.informers),
    deploymentInformer(ctx.informers),
    statefulSetInformer(ctx.informers),
  ] as const;
  const deps: DisruptionDeps = {
    budgets: budgets.lister(),
    pods: pods.lister(),
    replicationControllers: workloads[0].lister(),
    replicaSets: workloads[1].lister(),
    deployments: workloads[2].lister(),
    statefulSets: workloads[3].lister(),
    client: ctx.client,
    scales: new ScaleClient(ctx.client, ctx.clock),
    recorder: ctx.recorder(COMPONENT),
    clock: ctx.clock,
    log: ctx.logger.child({ controller: 'disruption' }),
  };
  const main = newController(ctx, {
    name: 'disruption',
    reconcile: (key) => syncBudget(deps, key),
    workers: options.workers,
    informers: [...workloads],
  });
  const stale = newController(ctx, {
    name: 'stale_pod_disruption',
    reconcile: (key) => syncStalePodDisruption(deps, key),
    informers: [pods],
  });
  const enqueue = (pdb: CachedBudget): void => main.enqueue(objectKey(pdb));
  main.watch(budgets, { onAdd: enqueue, onUpdate: (_old, pdb) => enqueue(pdb), onDelete: enqueue });
  main.watch(pods, podHandler(deps, main, stale));
  return {
    name: 'disruption',
    needsLeader: true,
    run: async (signal) => void (await Promise.all([main.run(signal), stale.run(signal)])),
  };
}

/** kube's getPdbForPod: the first budget in the pod's namespace selecting it (a warning if several do). */
function budgetForPod(deps: DisruptionDeps, pod: CachedPod): CachedBudget | undefined {
  const matching = deps.budgets.list({ namespace: pod.metadata.namespace ?? '' }).filter((pdb) => {
    try {
      return matchesLabels(labelSelectorFromStructured(pdb.spec?.selector ?? null), pod.metadata.labels ?? {});
    } catch {
      return false;
    }
  });
  const [chosen] = matching;
  if (chosen && matching.length > 1) {
    const message = multipleBudgetsMessage(pod.metadata.namespace ?? '', pod.metadata.name, chosen.metadata.name);
    deps.log.info({ pod: objectKey(pod), budget: chosen.metadata.name }, 'pod matches several budgets');
    deps.recorder.event(podSubject(pod), 'Warning', 'MultiplePodDisruptionBudgets', message);
  }
  return chosen;
}

function podHandler(deps: DisruptionDeps, main: Controller, stale: Controller): EventHandler<Served<Pod>> {
  const seen = (pod: CachedPod, final: boolean): void => {
    const pdb = budgetForPod(deps, pod);
    if (pdb) main.enqueue(objectKey(pdb));
    if (final) return;
    const wait = staleConditionWait(pod, deps.clock.now());
    if (wait !== undefined) stale.queue.addAfter(objectKey(pod), wait);
  };
  return {
    onAdd: (pod) => seen(pod, false),
    onUpdate: (_old, pod) => seen(pod, false),
    onDelete: (pod) => seen(pod, true),
  };
}
