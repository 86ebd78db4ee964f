/**
 * kube-controller-manager's "validatingadmissionpolicy-status" controller: every added or
 * updated ValidatingAdmissionPolicy whose generation is newer than its status.observedGeneration
 * gets, by a forced server-side apply of its status as `validatingadmissionpolicy-status-controller`,
 * that generation and the result of type checking. Wheelhouse's CEL is dynamically typed, so the
 * type check finds no expression warnings (`typeChecking: {}`); kube's would warn about, for example,
 * a field the matched kinds do not have. kube runs it with one worker and no flag.
 */
import type { ValidatingAdmissionPolicy } from '@wheelhouse/api';
import type { DeepReadonly, Lister, RestClient, Result, Served } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import type { Runnable } from '../../runnable.js';

/** The field manager of the controller's status applies (kube's controller name). */
export const FIELD_MANAGER = 'validatingadmissionpolicy-status-controller';

/** What the sync reads and writes through. */
export interface PolicyStatusDeps {
  client: RestClient;
  policies: Lister<Served<ValidatingAdmissionPolicy>>;
}

/** Syncs the policy `name` (kube's reconcile): nothing when it is gone or its status is current. */
export async function syncPolicyStatus(deps: PolicyStatusDeps, name: string): Promise<Result> {
  const policy = deps.policies.get(name);
  if (!policy) return {};
  const generation = policy.metadata.generation ?? 0;
  if (generation <= (policy.status?.observedGeneration ?? 0)) return {};
  await deps.client.resource('validatingadmissionpolicies').patch(
    name,
    {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      status: { observedGeneration: generation, typeChecking: {} },
    },
    { type: 'apply', fieldManager: FIELD_MANAGER, force: true, subresource: 'status' },
  );
  return {};
}

/** Builds the controller. */
export function newValidatingAdmissionPolicyStatusController(
  ctx: ControllerContext,
  options: ControllerOptions,
): Runnable {
  const policies = ctx.informers.informerFor('validatingadmissionpolicies');
  const lister = policies.lister();
  const controller = newController(ctx, {
    name: 'validatingadmissionpolicy-status',
    reconcile: (name) => syncPolicyStatus({ client: ctx.client, policies: lister }, name),
    workers: options.workers,
  });
  const enqueue = (p: DeepReadonly<Served<ValidatingAdmissionPolicy>>): void => controller.enqueue(p.metadata.name);
  controller.watch(policies, { onAdd: enqueue, onUpdate: (_old, p) => enqueue(p) });
  return controller;
}
