/** The table of per-kind hooks (see hooks.ts), built once per server from its dependencies. */
import type { HookDeps, KindHooks, KindHooksOf } from './hooks.js';
import { accessReviewHooks } from './kinds/access-reviews.js';
import { apiServiceHooks } from './kinds/apiservices.js';
import { componentStatusHooks } from './kinds/component-statuses.js';
import { crdHooks } from './kinds/customresourcedefinitions.js';
import { jobHooks } from './kinds/jobs.js';
import { endpointSliceHooks, endpointsHooks } from './kinds/kubernetes-endpoints.js';
import { namespaceHooks } from './kinds/namespaces.js';
import { bindingHooks, podHooks } from './kinds/pods.js';
import { priorityClassHooks } from './kinds/priorityclasses.js';
import { rbacHooks } from './kinds/rbac.js';
import { serviceAccountHooks } from './kinds/service-accounts.js';
import { serviceHooks } from './kinds/services.js';
import { TokenIssuer } from './kinds/token-issuer.js';
import { storageClassHooks } from './kinds/storageclasses.js';
import type { ResourceDef } from './registry.js';

const NONE: KindHooks = Object.freeze({});

function keyOf(def: Pick<ResourceDef, 'group' | 'plural'>): string {
  return `${def.plural}.${def.group}`;
}

/** Builds every kind's hooks; the result answers `{}` for a kind without any. */
export function buildKindHooks(deps: HookDeps): KindHooksOf {
  const issuer = new TokenIssuer();
  const table = new Map<string, KindHooks>([
    [keyOf({ group: '', plural: 'pods' }), podHooks(deps)],
    [keyOf({ group: '', plural: 'bindings' }), bindingHooks(deps)],
    [keyOf({ group: '', plural: 'componentstatuses' }), componentStatusHooks(deps)],
    [keyOf({ group: '', plural: 'namespaces' }), namespaceHooks(deps)],
    [keyOf({ group: '', plural: 'services' }), serviceHooks(deps)],
    [keyOf({ group: '', plural: 'endpoints' }), endpointsHooks()],
    [keyOf({ group: 'discovery.k8s.io', plural: 'endpointslices' }), endpointSliceHooks()],
    [keyOf({ group: 'batch', plural: 'jobs' }), jobHooks()],
    [keyOf({ group: 'scheduling.k8s.io', plural: 'priorityclasses' }), priorityClassHooks()],
    ...rbacHooks().map(([def, h]) => [keyOf(def), h] as const),
    ...accessReviewHooks(deps, issuer).map(([def, h]) => [keyOf(def), h] as const),
    [keyOf({ group: '', plural: 'serviceaccounts' }), serviceAccountHooks(deps, issuer)],
    [keyOf({ group: 'storage.k8s.io', plural: 'storageclasses' }), storageClassHooks()],
    [keyOf({ group: 'apiregistration.k8s.io', plural: 'apiservices' }), apiServiceHooks(deps)],
    [keyOf({ group: 'apiextensions.k8s.io', plural: 'customresourcedefinitions' }), crdHooks(deps)],
  ]);
  return (def) => table.get(keyOf(def)) ?? NONE;
}
