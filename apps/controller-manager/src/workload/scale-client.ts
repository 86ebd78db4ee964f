/**
 * The scale subresource of any served kind (client-go's scale client over a discovery REST
 * mapper): built-in kinds are mapped from the registry, other kinds (custom resources) from
 * the server's discovery documents, which are read again at most every DISCOVERY_TTL_MS when a
 * kind is not found (a CRD created since is then found). Used by the disruption controller
 * (the scale of a pod's owner) and the horizontal pod autoscaler (its target).
 */
import { type Scale, findByKind } from '@wheelhouse/api';
import type { RestClient } from '@wheelhouse/client';
import type { Clock } from '@wheelhouse/machinery';

/** How long the discovery documents of a group are trusted before a miss reads them again. */
export const DISCOVERY_TTL_MS = 10_000;

/** Where a kind is served. */
export interface KindMapping {
  /** "v1", "apps/v1", "example.com/v1". */
  groupVersion: string;
  /** The plural resource name, e.g. "deployments". */
  resource: string;
  /** "deployments.apps", as error messages name it. */
  qualified: string;
  /** Whether the resource has a scale subresource. */
  scalable: boolean;
}

interface DiscoveredGroup {
  readAt: number;
  kinds: Map<string, KindMapping>;
}

interface ApiResourceList {
  resources?: Array<{ name: string; kind: string }>;
}
interface ApiGroupList {
  groups?: Array<{
    name: string;
    versions?: Array<{ groupVersion: string }>;
    preferredVersion?: { groupVersion: string };
  }>;
}

const pathOf = (groupVersion: string): string =>
  groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;

/** Reads and writes the scale of objects of any kind the server serves. */
export class ScaleClient {
  private readonly groups = new Map<string, DiscoveredGroup>();

  constructor(
    private readonly client: RestClient,
    private readonly clock: Clock,
  ) {}

  /** Where `kind` of `group` is served, or undefined if the server serves no such kind. */
  async mapping(group: string, kind: string): Promise<KindMapping | undefined> {
    const def = findByKind(kind, group);
    if (def) {
      return {
        groupVersion: def.group ? `${def.group}/${def.version}` : def.version,
        resource: def.resource,
        qualified: def.group ? `${def.resource}.${def.group}` : def.resource,
        scalable: def.subresources.some((s) => s.name === 'scale'),
      };
    }
    if (group === '') return undefined;
    let known = this.groups.get(group);
    if (!known?.kinds.has(kind) && (!known || this.clock.now() - known.readAt >= DISCOVERY_TTL_MS)) {
      known = await this.discover(group);
      this.groups.set(group, known);
    }
    return known.kinds.get(kind);
  }

  /** GET the scale of `name` (rejects with the server's error, e.g. NotFound). */
  get(mapping: KindMapping, namespace: string, name: string): Promise<Scale> {
    return this.client.request<Scale>({ method: 'GET', path: this.scalePath(mapping, namespace, name) });
  }

  /** PUT `scale` (its resourceVersion, if any, must still be current). */
  update(mapping: KindMapping, namespace: string, name: string, scale: Scale): Promise<Scale> {
    return this.client.request<Scale>({
      method: 'PUT',
      path: this.scalePath(mapping, namespace, name),
      body: { ...scale, apiVersion: 'autoscaling/v1', kind: 'Scale' },
    });
  }

  private scalePath(mapping: KindMapping, namespace: string, name: string): string {
    const ns = encodeURIComponent(namespace);
    return `${pathOf(mapping.groupVersion)}/namespaces/${ns}/${mapping.resource}/${encodeURIComponent(name)}/scale`;
  }

  /** The kinds of `group`, its preferred version's first (client-go's RESTMapper order). */
  private async discover(group: string): Promise<DiscoveredGroup> {
    const kinds = new Map<string, KindMapping>();
    const groups = await this.client.request<ApiGroupList>({ method: 'GET', path: '/apis' });
    const entry = groups.groups?.find((g) => g.name === group);
    const preferred = entry?.preferredVersion?.groupVersion;
    const versions = (entry?.versions ?? []).map((v) => v.groupVersion);
    for (const gv of preferred ? [preferred, ...versions.filter((v) => v !== preferred)] : versions) {
      const list = await this.client.request<ApiResourceList>({ method: 'GET', path: pathOf(gv) });
      const names = new Set((list.resources ?? []).map((r) => r.name));
      for (const r of list.resources ?? []) {
        if (r.name.includes('/') || kinds.has(r.kind)) continue;
        kinds.set(r.kind, {
          groupVersion: gv,
          resource: r.name,
          qualified: `${r.name}.${group}`,
          scalable: names.has(`${r.name}/scale`),
        });
      }
    }
    return { readAt: this.clock.now(), kinds };
  }
}
