/**
 * What the collector watches and how it maps an owner reference to a resource (kube's
 * GetDeletableResources and REST mapper): the API's own registry for the built-in resources,
 * and the server's discovery documents for custom resources (the groups the registry does not
 * serve), read at the start and again every CUSTOM_RESYNC_MS (kube's GC resyncs its monitors
 * from discovery every 30 s).
 */
import { RESOURCES, findByApiVersionKind } from '@wheelhouse/api';
import {
  type AnyObject,
  type Informer,
  type ResourceAddress,
  type ResourceClient,
  type ResourceName,
  type RestClient,
  type Served,
  type SharedInformerFactory,
} from '@wheelhouse/client';
import { parseGroupVersion } from '../../workload/group-version.js';

/** How often the custom resources are looked up again. */
export const CUSTOM_RESYNC_MS = 30_000;

/** Resources the collector never watches (kube's ignoredResources: events). */
const IGNORED = new Set(['events', 'events.events.k8s.io']);
const NEEDED_VERBS = ['list', 'watch', 'delete'] as const;

/** A resource the collector watches: a registry entry, or a custom resource discovery found. */
export type GcResource = ResourceAddress & {
  verbs: readonly string[];
  /** Found by discovery (no shared informer of the factory serves it). */
  custom?: boolean;
};

/** An object of any resource as an informer hands it out. */
export type AnyServed = Served<AnyObject>;

/** `pods` / `deployments.apps`: a resource as the clients take it, unambiguously. */
export function qualifiedName(def: Pick<GcResource, 'group' | 'resource'>): string {
  return def.group === '' ? def.resource : `${def.resource}.${def.group}`;
}

/** "v1" / "apps/v1" of a resource. */
export function apiVersionOfResource(def: Pick<GcResource, 'group' | 'version'>): string {
  return def.group === '' ? def.version : `${def.group}/${def.version}`;
}

const deletable = (def: GcResource): boolean =>
  NEEDED_VERBS.every((v) => def.verbs.includes(v)) && !IGNORED.has(qualifiedName(def));

/** Every registry resource that supports list, watch and delete, events excepted. */
export function deletableResources(): GcResource[] {
  return RESOURCES.filter(deletable);
}

const REGISTRY_GROUPS = new Set(RESOURCES.map((r) => r.group));

interface ApiResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[] }>;
}
interface ApiGroupList {
  groups?: Array<{ name: string; preferredVersion?: { groupVersion: string } }>;
}

/**
 * The deletable custom resources the server serves: the preferred version of every group the
 * registry does not know, from its discovery documents (subresources recorded with each).
 */
export async function discoverCustomResources(client: RestClient): Promise<GcResource[]> {
  const groups = await client.request<ApiGroupList>({ method: 'GET', path: '/apis' });
  const out: GcResource[] = [];
  for (const g of groups.groups ?? []) {
    const gv = g.preferredVersion?.groupVersion;
    if (REGISTRY_GROUPS.has(g.name) || !gv) continue;
    const list = await client.request<ApiResourceList>({ method: 'GET', path: `/apis/${gv}` });
    const { group, version } = parseGroupVersion(gv);
    const all = list.resources ?? [];
    for (const r of all) {
      if (r.name.includes('/')) continue;
      const subresources = all
        .filter((s) => s.name.startsWith(`${r.name}/`))
        .map((s) => ({ name: s.name.slice(r.name.length + 1) }));
      const def: GcResource = {
        group,
        version,
        kind: r.kind,
        resource: r.name,
        scope: r.namespaced ? 'Namespaced' : 'Cluster',
        verbs: r.verbs ?? [],
        subresources: subresources as unknown as GcResource['subresources'],
        custom: true,
      };
      if (deletable(def)) out.push(def);
    }
  }
  return out;
}

/** The resources the collector knows: the registry's, and the custom ones found so far. */
export class GcResources {
  private readonly custom = new Map<string, GcResource>();

  /** Adds the custom resources of `found` not known yet; returns those. */
  addCustom(found: readonly GcResource[]): GcResource[] {
    const added: GcResource[] = [];
    for (const def of found) {
      const key = `${def.group}/${def.kind}`;
      if (this.custom.has(key)) continue;
      this.custom.set(key, def);
      added.push(def);
    }
    return added;
  }

  /** The resource serving `apiVersion` and `kind` (a custom kind in any version of its group), or undefined. */
  resourceFor(apiVersion: string, kind: string): GcResource | undefined {
    const builtIn = findByApiVersionKind(apiVersion, kind);
    if (builtIn) return builtIn;
    let group: string;
    try {
      group = parseGroupVersion(apiVersion).group;
    } catch {
      return undefined;
    }
    return this.custom.get(`${group}/${kind}`);
  }
}

/**
 * The shared informer of a registry resource, seen as untyped objects. Every registry resource
 * is one of the typed client's resource names (packages/client checks that its map and the
 * registry agree).
 */
export function informerOf(factory: SharedInformerFactory, def: GcResource): Informer<AnyServed> {
  return factory.informerFor(def.resource as ResourceName) as unknown as Informer<AnyServed>;
}

/** The untyped client of `def`. */
export function clientOf(client: RestClient, def: GcResource): ResourceClient<AnyObject> {
  return def.custom ? client.resourceAt(def) : client.resourceByName(qualifiedName(def));
}
