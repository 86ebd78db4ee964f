/**
 * Discovery documents built from the registry: legacy (`APIVersions`, `APIGroupList`,
 * `APIResourceList`) and aggregated (`apidiscovery.k8s.io/v2 APIGroupDiscoveryList`),
 * plus /version.
 */
import { apiVersionOf } from '@wheelhouse/api';
import type { LiveRegistry, ServedGroup } from '../registry/live-registry.js';
import type { ServedGroupVersion, ResourceDef } from '../registry/registry.js';

/** The exact Content-Type kubectl needs to accept an aggregated discovery answer. */
export const AGGREGATED_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True if the Accept header asks for aggregated discovery v2. */
export function wantsAggregated(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((p) => {
    const s = p.replace(/\s+/g, '');
    return s.includes('g=apidiscovery.k8s.io') && s.includes('v=v2;') && s.includes('as=APIGroupDiscoveryList');
  });
}

/** `/version`: Kubernetes 1.32 (kubectl's dispatcher picks its v1.32 binary from `minor`). */
export function versionInfo(): Record<string, string> {
  return {
    major: '1',
    minor: '32',
    gitVersion: 'v1.32.0',
    gitCommit: 'wheelhouse',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.23.0',
    compiler: 'gc',
    platform: `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`,
  };
}

function subresourceEntries(r: ResourceDef): Array<Record<string, unknown>> {
  return r.api.subresources.map((sub) => {
    const e: Record<string, unknown> = { name: `${r.plural}/${sub.name}`, singularName: '', namespaced: r.namespaced };
    if (sub.group !== r.group || sub.version !== r.version)
      Object.assign(e, { group: sub.group, version: sub.version });
    return { ...e, kind: sub.kind, verbs: sub.verbs };
  });
}

function resourceEntry(r: ResourceDef): Record<string, unknown> {
  const e: Record<string, unknown> = {
    name: r.plural,
    singularName: r.singular,
    namespaced: r.namespaced,
    kind: r.kind,
    verbs: r.verbs,
  };
  if (r.shortNames.length) e.shortNames = r.shortNames;
  if (r.categories.length) e.categories = r.categories;
  return e;
}

/** `/api/v1` or `/apis/<g>/<v>`: the legacy APIResourceList. */
export function resourceList(gv: ServedGroupVersion): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(gv),
    resources: gv.resources.flatMap((r) => [resourceEntry(r), ...subresourceEntries(r)]),
  };
}

/** `/api` (legacy): APIVersions. */
export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** The APIGroup entry of a served group: its versions, highest priority first, and the preferred (first) one. */
export function apiGroupEntry(g: ServedGroup): Record<string, unknown> {
  const versions = g.versions.map((v) => ({ groupVersion: apiVersionOf(v), version: v.version }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

/** `/apis` (legacy): APIGroupList of every non-core group. */
export function apiGroupList(registry: LiveRegistry): Record<string, unknown> {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry
      .groups()
      .filter((g) => g.name !== '')
      .map(apiGroupEntry),
  };
}

function aggregatedResource(r: ResourceDef): Record<string, unknown> {
  const subresources = r.api.subresources.map((sub) => ({
    subresource: sub.name,
    responseKind: { group: sub.group, version: sub.version, kind: sub.kind },
    verbs: sub.verbs,
  }));
  const e: Record<string, unknown> = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length) e.shortNames = r.shortNames;
  if (r.categories.length) e.categories = r.categories;
  if (subresources.length) e.subresources = subresources;
  return e;
}

/** Aggregated discovery for `/api` (core = true) or `/apis`: versions of a group highest priority first. */
export function aggregatedDiscovery(registry: LiveRegistry, core: boolean): Record<string, unknown> {
  const groups = registry.groups().filter((g) => (g.name === '') === core);
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: 'apidiscovery.k8s.io/v2',
    metadata: {},
    items: groups.map((g) => ({
      metadata: { name: g.name },
      versions: g.versions.map((v) => ({
        version: v.version,
        resources: v.resources.map(aggregatedResource),
        freshness: 'Current',
      })),
    })),
  };
}
