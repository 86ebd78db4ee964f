/**
 * core/v1 componentstatuses (`kubectl get cs`), deprecated since 1.19 and still served by
 * kube-apiserver 1.32, with its warning. kube-apiserver probes the scheduler's and the
 * controller manager's /healthz on their fixed local ports and the store; Wheelhouse's
 * components listen where they are started, so their health is read from what they keep
 * fresh instead: the leader lease each holds in kube-system (kube-scheduler,
 * kube-controller-manager), healthy while renewed within its duration. `etcd-0` is the
 * store, healthy when it answers. A name other than these is kube's 500
 * `Component not found: NAME`.
 */
import type { ApiObject } from '@wheelhouse/api';
import { ApiError } from '../../errors.js';
import type { ObjectRequest, Reply } from '../../handlers/object-request.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { resourceDef } from '../registry.js';

/** kube-apiserver's deprecation warning for v1 ComponentStatus. */
const DEPRECATED = 'v1 ComponentStatus is deprecated in v1.19+';

interface Health {
  healthy: boolean;
  message: string;
  error: string;
}

async function leaseHealth(deps: HookDeps, name: string): Promise<Health> {
  let lease: ApiObject;
  try {
    lease = await deps.storage.get(resourceDef('coordination.k8s.io', 'leases'), 'kube-system', name);
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'NotFound')
      return { healthy: false, message: '', error: `no ${name} lease in kube-system: the component is not running` };
    throw err;
  }
  const spec = (lease.spec ?? {}) as { renewTime?: string; leaseDurationSeconds?: number };
  const renewed = spec.renewTime ? Date.parse(spec.renewTime) : NaN;
  const duration = (spec.leaseDurationSeconds ?? 15) * 1000;
  if (Number.isFinite(renewed) && deps.now() <= renewed + duration) return { healthy: true, message: 'ok', error: '' };
  return {
    healthy: false,
    message: '',
    error: `the ${name} lease in kube-system was last renewed at ${spec.renewTime ?? 'no time'}, more than its ${duration / 1000}s ago`,
  };
}

async function storeHealth(deps: HookDeps): Promise<Health> {
  const state = deps.storeReady ? await deps.storeReady() : { ok: true };
  return state.ok
    ? { healthy: true, message: 'ok', error: '' }
    : { healthy: false, message: '', error: state.reason ?? 'the store does not answer' };
}

const CHECKS: Readonly<Record<string, (deps: HookDeps) => Promise<Health>>> = {
  scheduler: (deps) => leaseHealth(deps, 'kube-scheduler'),
  'controller-manager': (deps) => leaseHealth(deps, 'kube-controller-manager'),
  'etcd-0': storeHealth,
};

async function componentStatus(deps: HookDeps, name: string): Promise<ApiObject> {
  const h = await CHECKS[name]!(deps);
  return {
    kind: 'ComponentStatus',
    apiVersion: 'v1',
    metadata: { name },
    conditions: [
      {
        type: 'Healthy',
        status: h.healthy ? 'True' : 'False',
        ...(h.message ? { message: h.message } : {}),
        ...(h.error ? { error: h.error } : {}),
      },
    ],
  };
}

async function serve(deps: HookDeps, req: ObjectRequest): Promise<Reply> {
  const name = req.target.name;
  if (name === undefined) {
    const items = await Promise.all(Object.keys(CHECKS).map((n) => componentStatus(deps, n)));
    return {
      code: 200,
      body: { kind: 'ComponentStatusList', apiVersion: 'v1', metadata: {}, items },
      warnings: [DEPRECATED],
    };
  }
  if (!Object.hasOwn(CHECKS, name))
    throw new ApiError('InternalError', `Internal error occurred: Component not found: ${name}`);
  return { code: 200, body: await componentStatus(deps, name), warnings: [DEPRECATED] };
}

/** The hooks of core/v1 componentstatuses: GET and LIST answered from the checks above, nothing stored. */
export function componentStatusHooks(deps: HookDeps): KindHooks {
  return { serve: (req) => serve(deps, req) };
}
