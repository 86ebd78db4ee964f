/**
 * Pods' hooks: graceful deletion (a pod bound to a node waits its grace period), the
 * pods/binding and pods/eviction subresources (bindings is the older form of binding), and
 * pods/ephemeralcontainers (pod-ephemeral-containers.ts).
 * Binding sets spec.nodeName once (409 if the pod is already bound); eviction deletes the
 * pod unless a matching PodDisruptionBudget allows no disruption now (429
 * TooManyRequests, which kubectl drain retries), with kube 1.32's exceptions (evictPod).
 */
import {
  type ApiObject,
  type DeleteOptions,
  type PodDisruptionBudget,
  disruptionAllowedCondition,
} from '@wheelhouse/api';
import {
  formatTime,
  labelSelectorFromStructured,
  matchesLabels,
  requiredField,
  type LabelSelector,
} from '@wheelhouse/machinery';
import { ApiError, badRequest, conflict, fromMachinery, invalid } from '../../errors.js';
import { podConnect } from '../../handlers/pod-connect.js';
import { podLog } from '../../handlers/pod-log.js';
import type { ObjectRequest, Reply } from '../../handlers/object-request.js';
import { decodeBody, dryRunParam } from '../../http/request.js';
import { isRecord, pathGet } from '../../object.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { coreDef, resourceDef, type ResourceDef } from '../registry.js';
import { updateEphemeralContainers } from './pod-ephemeral-containers.js';

/** A `Status` with status Success, as binding and eviction answer. */
function success(code: number): Reply {
  return { code, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code } };
}

function podConflict(name: string, sub: string, why: string): ApiError {
  return new ApiError('Conflict', `Operation cannot be fulfilled on pods/${sub} "${name}": ${why}`, {
    name,
    kind: `pods/${sub}`,
  });
}

/** POST pods/{name}/binding: assigns the pod to `target.name` and marks it PodScheduled. */
async function bindPod(ctx: HookDeps, req: ObjectRequest): Promise<Reply> {
  const { namespace } = req.target;
  const body = decodeBody(req.body, req.contentType);
  const name = req.target.name ?? (isRecord(body) ? pathGet(body, 'metadata.name') : undefined);
  const node = isRecord(body) ? pathGet(body, 'target.name') : undefined;
  if (typeof name !== 'string' || name === '')
    throw invalid('Binding', { group: '', plural: 'bindings' }, '', [fromMachinery(requiredField('metadata.name'))]);
  if (typeof node !== 'string' || node === '')
    throw invalid('Binding', { group: '', plural: 'bindings' }, name, [fromMachinery(requiredField('target.name'))]);
  if (dryRunParam(req.query)) return success(201);
  await ctx.storage.update(coreDef('pods'), namespace, name, (pod) => assign(pod, node, ctx.now()));
  return success(201);
}

function assign(pod: ApiObject, node: string, now: number): ApiObject {
  const name = pod.metadata.name ?? '';
  if (pod.metadata.deletionTimestamp)
    throw podConflict(name, 'binding', `pod ${name} is being deleted, cannot be assigned to a host`);
  const bound = pathGet(pod, 'spec.nodeName');
  if (bound) throw podConflict(name, 'binding', `pod ${name} is already assigned to node "${String(bound)}"`);
  (pod.spec as Record<string, unknown>).nodeName = node;
  const status = (pod.status ??= {}) as { conditions?: Array<Record<string, unknown>> };
  const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
  status.conditions = [
    ...conditions,
    { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: formatTime(now) },
  ];
  return pod;
}

const PDB_DEF = (): ResourceDef => resourceDef('policy', 'poddisruptionbudgets');
/** kube's MaxDisruptedPodSize: past this many unconfirmed evictions a budget refuses more. */
const MAX_DISRUPTED_POD_SIZE = 2000;
/** kube's EvictionsRetry: attempts when the pod changes under the eviction (409s). */
const EVICTION_TRIES = 20;
/** The singular resource kube names in a budget's 403s (policy.Resource("poddisruptionbudget")). */
const BUDGET_REF = { group: 'policy', plural: 'poddisruptionbudget' };

/** The budgets whose selector matches the pod (kube: a nil selector matches nothing, an empty one everything). */
function matchingBudgets(ctx: HookDeps, pod: ApiObject): ApiObject[] {
  const { items } = ctx.cache.snapshot(PDB_DEF(), pod.metadata.namespace);
  return items
    .map((i) => i.obj)
    .filter((pdb) => {
      const selector = pathGet(pdb, 'spec.selector') as LabelSelector | null | undefined;
      if (!selector) return false;
      try {
        return matchesLabels(labelSelectorFromStructured(selector), pod.metadata.labels ?? {});
      } catch {
        return false;
      }
    });
}

/** kube's 429 for an eviction a budget forbids; `retryAfterSeconds` 0 sends no Retry-After. */
function budgetTooManyRequests(message: string, retryAfterSeconds: number): ApiError {
  return new ApiError('TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: 'DisruptionBudget', message }],
    ...(retryAfterSeconds > 0 ? { retryAfterSeconds } : {}),
  });
}

/** kube's createTooManyRequestsError: the budget has not caught up yet; retry in 10 s. */
function stillProcessing(budget: string): ApiError {
  return budgetTooManyRequests(`The disruption budget ${budget} is still being processed by the server.`, 10);
}

function budgetForbidden(budget: string, why: string): ApiError {
  return new ApiError('Forbidden', `poddisruptionbudget.policy "${budget}" is forbidden: ${why}`, {
    name: budget,
    group: 'policy',
    kind: BUDGET_REF.plural,
  });
}

/**
 * kube's checkAndDecrement: takes one disruption from the budget (recording the pod in
 * disruptedPods, so the disruption controller does not count it as healthy meanwhile), or
 * throws 429 if the budget allows none now, 403 if its status is broken. A dry run checks only.
 */
async function consumeDisruption(ctx: HookDeps, pdb: ApiObject, podName: string, dryRun: boolean): Promise<void> {
  const take = (cur: ApiObject): ApiObject => {
    const name = cur.metadata.name!;
    const status = (cur.status ?? {}) as NonNullable<PodDisruptionBudget['status']>;
    if ((status.observedGeneration ?? 0) < (cur.metadata.generation ?? 0)) throw stillProcessing(name);
    const allowed = status.disruptionsAllowed ?? 0;
    if (allowed < 0) throw budgetForbidden(name, 'pdb disruptions allowed is negative');
    if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE)
      throw budgetForbidden(name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
    if (allowed === 0) {
      throw budgetTooManyRequests(
        `The disruption budget ${name} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`,
        0,
      );
    }
    status.disruptionsAllowed = allowed - 1;
    if (status.disruptionsAllowed === 0) disruptionAllowedCondition(status, ctx.now());
    status.disruptedPods = { ...status.disruptedPods, [podName]: formatTime(ctx.now()) };
    cur.status = status;
    return cur;
  };
  if (dryRun) return void take(structuredClone(pdb));
  await ctx.storage.update(PDB_DEF(), pdb.metadata.namespace, pdb.metadata.name!, take);
}

/** The Eviction's deleteOptions, the request's dryRun folded in (kube's propagateDryRun). */
function evictionOptions(body: unknown, name: string, queryDryRun: boolean): DeleteOptions {
  if (!isRecord(body)) throw badRequest('the body of an eviction must be a policy/v1 Eviction');
  if (pathGet(body, 'metadata.name') !== name) throw badRequest('name in URL does not match name in Eviction object');
  const opts = isRecord(body.deleteOptions) ? ({ ...body.deleteOptions } as DeleteOptions) : {};
  if (queryDryRun && !opts.dryRun?.length) opts.dryRun = ['All'];
  return opts;
}

const isDryRun = (opts: DeleteOptions): boolean => (opts.dryRun ?? []).includes('All');

/** kube's canIgnorePDB: a pod that is terminal, Pending or already being deleted is deleted without a budget. */
function canIgnoreBudget(pod: ApiObject): boolean {
  const phase = pathGet(pod, 'status.phase');
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** kube's shouldEnforceResourceVersion: every pod but a terminal or deleting one may turn Ready meanwhile. */
function shouldEnforceResourceVersion(pod: ApiObject): boolean {
  const phase = pathGet(pod, 'status.phase');
  return !(phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp);
}

function isPodReady(pod: ApiObject): boolean {
  const conditions = (pathGet(pod, 'status.conditions') ?? []) as { type?: string; status?: string }[];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The options with a resourceVersion precondition on `pod`, unless they name one already. */
function pinnedTo(pod: ApiObject, opts: DeleteOptions): DeleteOptions {
  if (opts.preconditions?.resourceVersion) return opts;
  return { ...opts, preconditions: { ...opts.preconditions, resourceVersion: pod.metadata.resourceVersion! } };
}

const POD_REF = { group: '', plural: 'Pod' };

/**
 * kube's addConditionAndDeletePod: marks the pod with the DisruptionTarget condition (checking
 * the delete's preconditions against the latest pod first, and moving a resourceVersion
 * precondition past this write), then deletes it with the generic rules (graceful for a pod
 * on a node). A dry run only deletes, dry.
 */
async function addConditionAndDelete(
  ctx: HookDeps,
  def: ResourceDef,
  pod: ApiObject,
  options: DeleteOptions,
): Promise<void> {
  const { namespace, name } = pod.metadata;
  let opts = options;
  if (!isDryRun(opts)) {
    const updated = await ctx.storage.update(def, namespace, name!, (cur) => {
      const pre = opts.preconditions;
      if (pre?.uid && pre.uid !== cur.metadata.uid)
        throw conflict(
          POD_REF,
          name!,
          `the UID in the precondition (${pre.uid}) does not match the UID in record (${cur.metadata.uid ?? ''}). The object might have been deleted and then recreated`,
        );
      if (pre?.resourceVersion && pre.resourceVersion !== cur.metadata.resourceVersion)
        throw conflict(
          POD_REF,
          name!,
          `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${cur.metadata.resourceVersion ?? ''}). The object might have been modified`,
        );
      return withDisruptionTarget(cur, ctx.now());
    });
    if (opts.preconditions?.resourceVersion)
      opts = { ...opts, preconditions: { ...opts.preconditions, resourceVersion: updated.metadata.resourceVersion! } };
  }
  await ctx.deleteObject(def, namespace, name!, opts, isDryRun(opts));
}

/** The pod with kube's DisruptionTarget condition of the eviction API (podutil.UpdatePodCondition). */
function withDisruptionTarget(pod: ApiObject, now: number): ApiObject {
  const status = (pod.status ?? {}) as { conditions?: Record<string, unknown>[] };
  const conditions = status.conditions ?? [];
  const old = conditions.find((c) => c.type === 'DisruptionTarget');
  const next = {
    type: 'DisruptionTarget',
    status: 'True',
    reason: 'EvictionByEvictionAPI',
    message: 'Eviction API: evicting',
  };
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message) return pod;
  const condition = { ...next, lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : formatTime(now) };
  pod.status = { ...status, conditions: [...conditions.filter((c) => c !== old), condition] };
  return pod;
}

const isConflict = (err: unknown): boolean => err instanceof ApiError && err.reason === 'Conflict';

/**
 * POST pods/{name}/eviction, as kube 1.32's EvictionREST: a pod that is terminal, Pending or
 * already deleting is deleted at once (409s retried); otherwise its one matching
 * PodDisruptionBudget must allow a disruption (429 if not, 500 for more than one budget),
 * except that an unready pod is deleted without taking one when the budget's
 * unhealthyPodEvictionPolicy is AlwaysAllow, or (IfHealthyBudget, the default) while the
 * budget is met. Deletion marks the pod with the DisruptionTarget condition first.
 */
async function evictPod(ctx: HookDeps, req: ObjectRequest): Promise<Reply> {
  const { def, namespace, name } = req.target;
  const original = evictionOptions(decodeBody(req.body, req.contentType), name!, dryRunParam(req.query));
  const retry = !original.preconditions?.resourceVersion;
  let pod: ApiObject | undefined;
  for (let attempt = 1; ; attempt++) {
    pod = await ctx.storage.get(def, namespace, name!);
    if (!canIgnoreBudget(pod)) break;
    try {
      const opts = shouldEnforceResourceVersion(pod) ? pinnedTo(pod, original) : original;
      await addConditionAndDelete(ctx, def, pod, opts);
      return success(201);
    } catch (err) {
      if (!(retry && isConflict(err) && attempt < EVICTION_TRIES)) throw err;
    }
  }
  const budgets = matchingBudgets(ctx, pod);
  if (budgets.length > 1)
    throw new ApiError(
      'Unknown',
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  const budget = budgets[0];
  let opts = original;
  if (budget) {
    const status = (budget.status ?? {}) as NonNullable<PodDisruptionBudget['status']>;
    const policy = pathGet(budget, 'spec.unhealthyPodEvictionPolicy');
    const unhealthyGoes =
      !isPodReady(pod) &&
      (policy === 'AlwaysAllow' ||
        ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0));
    if (unhealthyGoes) opts = pinnedTo(pod, original);
    else await consumeDisruption(ctx, budget, name!, isDryRun(original));
  }
  try {
    await addConditionAndDelete(ctx, def, pod, opts);
  } catch (err) {
    // The unready pod changed since (it may be Ready now): the client asks again.
    if (isConflict(err) && opts !== original && !original.preconditions?.resourceVersion)
      throw stillProcessing(budget!.metadata.name!);
    throw err;
  }
  return success(201);
}

/** How long a DELETE of a pod waits: a pod bound to a node and still running gets its grace period. */
function gracePeriodSeconds(pod: ApiObject, opts: DeleteOptions): number {
  if (!pathGet(pod, 'spec.nodeName')) return 0;
  if (pathGet(pod, 'status.phase') === 'Succeeded' || pathGet(pod, 'status.phase') === 'Failed') return 0;
  return opts.gracePeriodSeconds ?? Number(pathGet(pod, 'spec.terminationGracePeriodSeconds') ?? 30);
}

/**
 * The hooks of core/v1 pods: graceful deletion, pods/binding and pods/eviction,
 * pods/ephemeralcontainers, and the subresources relayed from kubelets.
 */
export function podHooks(deps: HookDeps): KindHooks {
  return {
    gracePeriodSeconds,
    updateSubresource: { ephemeralcontainers: updateEphemeralContainers },
    postSubresource: { binding: (req) => bindPod(deps, req), eviction: (req) => evictPod(deps, req) },
    stream: { log: podLog(deps), ...podConnect(deps) },
  };
}

/** The hooks of core/v1 bindings: every request is a pods/binding (POST .../bindings). */
export function bindingHooks(deps: HookDeps): KindHooks {
  return { serve: (req) => bindPod(deps, req) };
}
