/** The resource registry and its lookups. */
import { APIEXTENSIONS_RESOURCES } from './apiextensions.js';
import { ADMISSIONREGISTRATION_RESOURCES } from './admissionregistration.js';
import { APIREGISTRATION_RESOURCES } from './apiregistration.js';
import { APPS_RESOURCES, OTHER_GROUP_RESOURCES } from './groups.js';
import { AUTHENTICATION_RESOURCES, AUTHORIZATION_RESOURCES } from './auth.js';
import { AUTOSCALING_RESOURCES } from './autoscaling.js';
import { QUOTA_RESOURCES } from './quota.js';
import { CORE_RESOURCES } from './core.js';
import { DISCOVERY_RESOURCES } from './discovery.js';
import { RBAC_RESOURCES } from './rbac.js';
import { NETWORKING_RESOURCES } from './networking.js';
import { NODE_RESOURCES } from './node.js';
import { PODTEMPLATE_RESOURCES } from './podtemplate.js';
import { STORAGE_CSI_RESOURCES } from './storage-csi.js';
import { STORAGE_RESOURCES } from './storage.js';
import type { AnyResourceDefinition } from './types.js';

/** Every resource Wheelhouse serves, core group first, in discovery order. */
export const RESOURCES: readonly AnyResourceDefinition[] = [
  ...CORE_RESOURCES,
  ...QUOTA_RESOURCES,
  ...APPS_RESOURCES,
  ...AUTHENTICATION_RESOURCES,
  ...AUTHORIZATION_RESOURCES,
  ...AUTOSCALING_RESOURCES,
  ...OTHER_GROUP_RESOURCES,
  // node.k8s.io after coordination.k8s.io and before discovery.k8s.io, as kube's group priorities put it.
  ...NODE_RESOURCES,
  ...DISCOVERY_RESOURCES,
  ...RBAC_RESOURCES,
  ...NETWORKING_RESOURCES,
  ...STORAGE_CSI_RESOURCES,
  ...PODTEMPLATE_RESOURCES,
  ...APIEXTENSIONS_RESOURCES,
  ...STORAGE_RESOURCES,
  ...ADMISSIONREGISTRATION_RESOURCES,
  ...APIREGISTRATION_RESOURCES,
];

/** A served group/version (`{group: "", version: "v1"}` is the core `/api/v1`). */
export interface GroupVersion {
  group: string;
  version: string;
}

/** `v1` for the core group, `<group>/<version>` otherwise. */
export function apiVersionOf(gv: GroupVersion): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}

/** Splits an apiVersion (`apps/v1`, `v1`) into group and version. */
export function parseApiVersion(apiVersion: string): GroupVersion {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The served group/versions, core first, each once. */
export function groupVersions(): GroupVersion[] {
  const seen = new Map<string, GroupVersion>();
  for (const r of RESOURCES) seen.set(apiVersionOf(r), { group: r.group, version: r.version });
  return [...seen.values()];
}

/** The resources of one group/version. */
export function resourcesIn(group: string, version: string): AnyResourceDefinition[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}

/** The resource at `/api(s)/<group>/<version>/<resource>`, or undefined. */
export function findResource(group: string, version: string, resource: string): AnyResourceDefinition | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

/** The resource with this short name (`po`, `deploy`, ...), or undefined. */
export function findByShortName(shortName: string): AnyResourceDefinition | undefined {
  return RESOURCES.find((r) => r.shortNames.includes(shortName));
}

/** The resource of a kind, optionally within a group and version (`Deployment`, `apps`, `v1`). */
export function findByKind(kind: string, group?: string, version?: string): AnyResourceDefinition | undefined {
  return RESOURCES.find(
    (r) =>
      r.kind === kind && (group === undefined || r.group === group) && (version === undefined || r.version === version),
  );
}

/** The resource of an object's apiVersion and kind (what `kubectl apply` sends). */
export function findByApiVersionKind(apiVersion: string, kind: string): AnyResourceDefinition | undefined {
  const gv = parseApiVersion(apiVersion);
  return findByKind(kind, gv.group, gv.version);
}

/** Resolves what a user types (`pods`, `pod`, `po`, `deployments.apps`) to a resource. */
export function findByName(name: string): AnyResourceDefinition | undefined {
  const lower = name.toLowerCase();
  const dot = lower.indexOf('.');
  const [base, group] = dot < 0 ? [lower, undefined] : [lower.slice(0, dot), lower.slice(dot + 1)];
  return RESOURCES.find(
    (r) =>
      (group === undefined || r.group === group) &&
      (r.resource === base || r.singular === base || r.shortNames.includes(base) || r.kind.toLowerCase() === base),
  );
}

/** The resources in a category (`all`), each in its preferred (first listed) version only. */
export function resourcesInCategory(category: string): AnyResourceDefinition[] {
  const seen = new Set<string>();
  return RESOURCES.filter((r) => {
    const key = `${r.group}/${r.resource}`;
    if (!r.categories.includes(category) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `Deployment.apps` / `Pod`: how Kubernetes names a kind in Invalid messages. */
export function qualifiedKind(def: AnyResourceDefinition): string {
  return def.group === '' ? def.kind : `${def.kind}.${def.group}`;
}

/** `deployments.apps` / `pods`: how Kubernetes names a resource in NotFound/AlreadyExists/Conflict messages. */
export function qualifiedResource(def: AnyResourceDefinition): string {
  return def.group === '' ? def.resource : `${def.resource}.${def.group}`;
}
