/**
 * Pods' hooks: graceful deletion (a pod bound to a node waits its grace period), and the
 * pods/binding and pods/eviction subresources (bindings is the older form of binding).
 * Binding sets spec.nodeName once (409 if the pod is already bound); eviction deletes the
 * pod unless a matching PodDisruptionBudget allows no disruption now (429
 * TooManyRequests, which kubectl drain retries).
 */
import type { ApiObject, DeleteOptions } from '@wheelhouse/api';
import {
  formatTime,
  labelSelectorFromStructured,
  matchesLabels,
  requiredField,
  type LabelSelector,
} from '@wheelhouse/machinery';
import { ApiError, badRequest, fromMachinery, invalid } from '../../errors.js';
import { podConnect } from '../../handlers/pod-connect.js';
import { podLog } from '../../handlers/pod-log.js';
import type { ObjectRequest, Reply } from '../../handlers/object-request.js';
import { decodeBody, dryRunParam } from '../../http/request.js';
import { isRecord, pathGet } from '../../object.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { coreDef, resourceDef, type ResourceDef } from '../registry.js';

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

function matchingBudgets(ctx: HookDeps, pod: ApiObject): ApiObject[] {
  const { items } = ctx.cache.snapshot(PDB_DEF(), pod.metadata.namespace);
  return items
    .map((i) => i.obj)
    .filter((pdb) => {
      try {
        return matchesLabels(
          labelSelectorFromStructured((pathGet(pdb, 'spec.selector') ?? null) as LabelSelector | null),
          pod.metadata.labels ?? {},
        );
      } catch {
        return false;
      }
    });
}

function tooManyRequests(message: string): ApiError {
  return new ApiError('TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", {
    causes: [{ reason: 'DisruptionBudget', message }],
  });
}

/** Takes one disruption from the budget, or throws 429 if it allows none. */
async function consumeDisruption(ctx: HookDeps, pdb: ApiObject, podName: string): Promise<void> {
  await ctx.storage.update(PDB_DEF(), pdb.metadata.namespace, pdb.metadata.name!, (cur) => {
    const status = (cur.status ?? {}) as Record<string, unknown>;
    if (Number(status.observedGeneration ?? 0) < Number(cur.metadata.generation ?? 0)) {
      throw tooManyRequests(`The disruption budget ${cur.metadata.name!} is still being processed by the server.`);
    }
    const allowed = Number(status.disruptionsAllowed ?? 0);
    if (allowed <= 0) {
      throw tooManyRequests(
        `The disruption budget ${cur.metadata.name!} needs ${Number(status.desiredHealthy ?? 0)} healthy pods and has ${Number(status.currentHealthy ?? 0)} currently`,
      );
    }
    const disrupted = { ...((status.disruptedPods ?? {}) as object), [podName]: formatTime(ctx.now()) };
    cur.status = { ...status, disruptionsAllowed: allowed - 1, disruptedPods: disrupted };
    return cur;
  });
}

function evictionOptions(body: unknown): DeleteOptions {
  if (!isRecord(body)) throw badRequest('the body of an eviction must be a policy/v1 Eviction');
  const opts = body.deleteOptions;
  return isRecord(opts) ? (opts as DeleteOptions) : {};
}

/**
 * Marks the pod about to be evicted with the DisruptionTarget condition (kube 1.32's
 * addConditionAndDeletePod), unless it already has it. Skipped when the delete names a
 * resourceVersion precondition, which this write would break.
 */
async function markDisruptionTarget(
  ctx: HookDeps,
  def: ResourceDef,
  pod: ApiObject,
  opts: DeleteOptions,
): Promise<void> {
  if (opts.preconditions?.resourceVersion) return;
  const { namespace, name } = pod.metadata;
  await ctx.storage.update(def, namespace, name!, (cur) => {
    const status = (cur.status ?? {}) as { conditions?: Record<string, unknown>[] };
    const conditions = status.conditions ?? [];
    const old = conditions.find((c) => c.type === 'DisruptionTarget');
    const next = {
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'EvictionByEvictionAPI',
      message: 'Eviction API: evicting',
    };
    if (old && old.status === next.status && old.reason === next.reason && old.message === next.message) return cur;
    const condition = {
      ...next,
      lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : formatTime(ctx.now()),
    };
    cur.status = { ...status, conditions: [...conditions.filter((c) => c !== old), condition] };
    return cur;
  });
}

/**
 * POST pods/{name}/eviction: deletes the pod if its PodDisruptionBudget allows (201), else
 * 429; the pod is marked with the DisruptionTarget condition first, as kube-apiserver does.
 */
async function evictPod(ctx: HookDeps, req: ObjectRequest): Promise<Reply> {
  const { def, namespace, name } = req.target;
  const opts = evictionOptions(decodeBody(req.body, req.contentType));
  const pod = await ctx.storage.get(def, namespace, name!);
  const phase = pathGet(pod, 'status.phase');
  const dryRun = dryRunParam(req.query);
  if (!pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') {
    const budgets = matchingBudgets(ctx, pod);
    if (budgets.length > 1)
      throw new ApiError(
        'InternalError',
        'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      );
    if (budgets[0] && !dryRun) await consumeDisruption(ctx, budgets[0], name!);
  }
  if (!dryRun) await markDisruptionTarget(ctx, def, pod, opts);
  await ctx.deleteObject(def, namespace, name!, opts, dryRun);
  return success(201);
}

/** How long a DELETE of a pod waits: a pod bound to a node and still running gets its grace period. */
function gracePeriodSeconds(pod: ApiObject, opts: DeleteOptions): number {
  if (!pathGet(pod, 'spec.nodeName')) return 0;
  if (pathGet(pod, 'status.phase') === 'Succeeded' || pathGet(pod, 'status.phase') === 'Failed') return 0;
  return opts.gracePeriodSeconds ?? Number(pathGet(pod, 'spec.terminationGracePeriodSeconds') ?? 30);
}

/** The hooks of core/v1 pods: graceful deletion, pods/binding and pods/eviction, and the subresources relayed from kubelets. */
export function podHooks(deps: HookDeps): KindHooks {
  return {
    gracePeriodSeconds,
    postSubresource: { binding: (req) => bindPod(deps, req), eviction: (req) => evictPod(deps, req) },
    stream: { log: podLog(deps), ...podConnect(deps) },
  };
}

/** The hooks of core/v1 bindings: every request is a pods/binding (POST .../bindings). */
export function bindingHooks(deps: HookDeps): KindHooks {
  return { serve: (req) => bindPod(deps, req) };
}
