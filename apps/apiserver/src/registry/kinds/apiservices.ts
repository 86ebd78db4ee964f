/**
 * APIServices' hooks. At start, the local APIServices kube-aggregator registers for every
 * built-in group/version this server serves (`v1.`, `v1.apps`, ...: no service, kube's
 * group and version priorities, Available=True with reason Local). On every create and
 * update the server sets the Available condition itself: True (Local) without a service;
 * False with reason FailedDiscoveryCheck for one naming a service, since Wheelhouse does
 * not aggregate API servers and so no discovery check can ever pass.
 */
import { groupVersions, type ApiObject, type APIService, type APIServiceCondition } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';
import type { HookDeps, KindHooks } from '../hooks.js';

/** kube-apiserver 1.32's APIService priorities ({group minimum, version}) of the built-in group/versions. */
const PRIORITIES: Readonly<Record<string, readonly [number, number]>> = {
  '/v1': [18000, 1],
  'apps/v1': [17800, 15],
  'events.k8s.io/v1': [17750, 15],
  'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15],
  'autoscaling/v1': [17500, 15],
  'autoscaling/v2': [17500, 30],
  'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15],
  'networking.k8s.io/v1': [17200, 15],
  'policy/v1': [17100, 15],
  'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15],
  'apiextensions.k8s.io/v1': [16700, 15],
  'admissionregistration.k8s.io/v1': [16700, 15],
  'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15],
  'node.k8s.io/v1': [16300, 15],
  'discovery.k8s.io/v1': [16200, 15],
  'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
};

type Availability = Pick<APIServiceCondition, 'status' | 'reason' | 'message'>;

function availability(svc: APIService): Availability {
  const service = svc.spec?.service;
  if (!service) return { status: 'True', reason: 'Local', message: 'Local APIServices are always available' };
  const gv = `${svc.spec?.group ?? ''}/${svc.spec?.version ?? ''}`;
  return {
    status: 'False',
    reason: 'FailedDiscoveryCheck',
    message: `aggregation is not supported by Wheelhouse: ${gv} is not proxied to service/${service.name ?? ''} in ${JSON.stringify(service.namespace ?? '')}`,
  };
}

/** `svc`'s Available condition, keeping the previous transition time when nothing changed. */
function setAvailable(obj: ApiObject, previous: ApiObject | undefined, now: number): void {
  const svc = obj as unknown as APIService;
  const next = availability(svc);
  const old = ((previous as unknown as APIService | undefined)?.status?.conditions ?? []).find(
    (c) => c.type === 'Available',
  );
  const same = old && old.status === next.status && old.reason === next.reason && old.message === next.message;
  const lastTransitionTime = same && old.lastTransitionTime ? old.lastTransitionTime : formatTime(now);
  obj.status = { conditions: [{ type: 'Available', ...next, lastTransitionTime }] };
}

function localAPIServices(now: number): ApiObject[] {
  return groupVersions().flatMap(({ group, version }) => {
    const priority = PRIORITIES[`${group}/${version}`];
    if (!priority) return [];
    const svc: ApiObject = {
      apiVersion: 'apiregistration.k8s.io/v1',
      kind: 'APIService',
      metadata: { name: `${version}.${group}` },
      spec: { group, version, groupPriorityMinimum: priority[0], versionPriority: priority[1] },
    };
    setAvailable(svc, undefined, now);
    return [svc];
  });
}

/** The hooks of apiregistration.k8s.io/v1 apiservices: see the module comment. */
export function apiServiceHooks(deps: HookDeps): KindHooks {
  return {
    beforeCreate: (obj) => setAvailable(obj, undefined, deps.now()),
    beforeUpdate: (next, current) => setAvailable(next, current, deps.now()),
    initialObjects: () => localAPIServices(deps.now()),
  };
}
