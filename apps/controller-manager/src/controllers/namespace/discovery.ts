/**
 * The namespaced resources the server serves, from its discovery documents (client-go's
 * ServerPreferredNamespacedResources): /api/v1 and every group's versions under /apis, each
 * group's preferred version first, subresources left out. A group version whose document
 * cannot be read is reported (ErrGroupDiscoveryFailed) while the others are still used.
 */
import type { RestClient } from '@wheelhouse/client';
import { messageOf } from '../../workload/pod-control.js';

/** One served resource: its group version ("v1", "apps/v1"), plural name and verbs. */
export interface DiscoveredResource {
  groupVersion: string;
  resource: string;
  verbs: readonly string[];
}

/** What discovery found, and the group versions it could not read (client-go's ErrGroupDiscoveryFailed). */
export interface Discovery {
  resources: DiscoveredResource[];
  /** Group version -> why its document could not be read; empty when discovery was complete. */
  failedGroups: ReadonlyMap<string, string>;
}

/** client-go's ErrGroupDiscoveryFailed: some group versions could not be read. */
export class GroupDiscoveryFailedError extends Error {
  constructor(readonly groups: ReadonlyMap<string, string>) {
    const list = [...groups].map(([gv, err]) => `${gv}: ${err}`).sort();
    super(`unable to retrieve the complete list of server APIs: ${list.join(', ')}`);
    this.name = 'GroupDiscoveryFailedError';
  }
}

interface ApiResource {
  name: string;
  namespaced: boolean;
  verbs?: string[];
}
interface ResourceList {
  groupVersion: string;
  resources?: ApiResource[];
}
interface GroupList {
  groups?: Array<{
    name: string;
    versions?: Array<{ groupVersion: string }>;
    preferredVersion?: { groupVersion: string };
  }>;
}

/** The group versions to read, the preferred one of each group first. */
async function groupVersions(client: RestClient): Promise<string[][]> {
  const core = await client.request<{ versions?: string[] }>({ method: 'GET', path: '/api' });
  const groups = await client.request<GroupList>({ method: 'GET', path: '/apis' });
  const out = [[...(core.versions ?? [])]];
  for (const g of groups.groups ?? []) {
    const preferred = g.preferredVersion?.groupVersion;
    const rest = (g.versions ?? []).map((v) => v.groupVersion).filter((gv) => gv !== preferred);
    out.push(preferred ? [preferred, ...rest] : rest);
  }
  return out;
}

function pathOf(groupVersion: string): string {
  return groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
}

/**
 * Reads the server's discovery documents. Rejects only when the group lists themselves
 * cannot be read; a group version that fails is named in `failedGroups`.
 */
export async function discoverNamespacedResources(client: RestClient): Promise<Discovery> {
  const resources: DiscoveredResource[] = [];
  const failedGroups = new Map<string, string>();
  for (const versions of await groupVersions(client)) {
    const seen = new Set<string>();
    for (const gv of versions) {
      let list: ResourceList;
      try {
        list = await client.request<ResourceList>({ method: 'GET', path: pathOf(gv) });
      } catch (err) {
        failedGroups.set(gv, messageOf(err));
        continue;
      }
      for (const r of list.resources ?? []) {
        if (r.name.includes('/') || !r.namespaced || seen.has(r.name)) continue;
        seen.add(r.name);
        resources.push({ groupVersion: list.groupVersion || gv, resource: r.name, verbs: r.verbs ?? [] });
      }
    }
  }
  return { resources, failedGroups };
}
