/**
 * The server's resources as aggregated discovery (`apidiscovery.k8s.io/v2`) lists them, read
 * once per verb, and kubectl's lookups on them: a TYPE argument (plural, singular, short name,
 * `deployments.apps`, `deployments.v1.apps`, a category such as `all`) and a manifest's
 * apiVersion and kind. Nothing is hard-coded: a resource served later (a CRD) is found too.
 */
import type { RestClient } from '@wheelhouse/client';
import { KubectlError } from './errors.js';

/** The media type of an aggregated discovery answer. */
const AGGREGATED = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** One served resource in one version. */
export interface ApiResource {
  group: string;
  version: string;
  /** The plural, as in the path: `deployments`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: string[];
  /** Whether this version is its group's preferred (first listed) one. */
  preferred: boolean;
}

interface DiscoveryList {
  items?: Array<{
    metadata?: { name?: string };
    versions?: Array<{
      version: string;
      resources?: Array<{
        resource: string;
        responseKind?: { kind?: string };
        scope?: string;
        singularResource?: string;
        verbs?: string[];
        shortNames?: string[];
        categories?: string[];
        subresources?: Array<{ subresource: string }>;
      }>;
    }>;
  }>;
}

function flatten(list: DiscoveryList): ApiResource[] {
  return (list.items ?? []).flatMap((g) =>
    (g.versions ?? []).flatMap((v, i) =>
      (v.resources ?? []).map((r) => ({
        group: g.metadata?.name ?? '',
        version: v.version,
        resource: r.resource,
        singular: r.singularResource ?? '',
        kind: r.responseKind?.kind ?? '',
        namespaced: r.scope === 'Namespaced',
        shortNames: r.shortNames ?? [],
        categories: r.categories ?? [],
        verbs: r.verbs ?? [],
        subresources: (r.subresources ?? []).map((s) => s.subresource),
        preferred: i === 0,
      })),
    ),
  );
}

/** `deployments.apps`, or `pods` for the core group (kubectl's GroupResource string). */
export function groupResource(r: Pick<ApiResource, 'resource' | 'group'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `deployment.apps`, or `pod` (what kubectl prints before `/name`). */
export function kindPrefix(r: Pick<ApiResource, 'kind' | 'group'>): string {
  const kind = r.kind.toLowerCase();
  return r.group ? `${kind}.${r.group}` : kind;
}

/** `apps/v1`, or `v1`. */
export function apiVersionOf(r: Pick<ApiResource, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Splits an apiVersion into group and version. */
function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The resources a server serves. */
export class Discovery {
  constructor(readonly resources: readonly ApiResource[]) {}

  /** Reads `/api` and `/apis` (aggregated discovery); rejects with the server's ApiError. */
  static async load(rest: RestClient): Promise<Discovery> {
    const [core, groups] = await Promise.all(
      ['/api', '/apis'].map((path) => rest.request<DiscoveryList>({ method: 'GET', path, accept: AGGREGATED })),
    );
    return new Discovery([...flatten(core ?? {}), ...flatten(groups ?? {})]);
  }

  /** The resource serving `kind` in `apiVersion`, or undefined (kubectl: no matches for kind). */
  forKind(apiVersion: string, kind: string): ApiResource | undefined {
    const { group, version } = splitApiVersion(apiVersion);
    return this.resources.find((r) => r.group === group && r.version === version && r.kind === kind);
  }

  /**
   * The resources a TYPE argument names: a category (`all`) names several; anything else one,
   * in the group's preferred version. Throws kubectl's `the server doesn't have a resource
   * type "x"` when nothing matches.
   */
  resolve(arg: string): ApiResource[] {
    const type = arg.toLowerCase();
    const preferred = this.resources.filter((r) => r.preferred);
    const byCategory = preferred.filter((r) => r.categories.includes(type));
    const named = this.named(type);
    if (named) return [named];
    if (byCategory.length > 0) return byCategory;
    throw new KubectlError(`the server doesn't have a resource type "${arg}"`);
  }

  private named(type: string): ApiResource | undefined {
    const dot = type.indexOf('.');
    const name = dot < 0 ? type : type.slice(0, dot);
    const qualifier = dot < 0 ? undefined : type.slice(dot + 1);
    const candidates = this.resources.filter((r) => {
      if (qualifier === undefined) return r.preferred;
      if (r.group === qualifier) return r.preferred;
      return `${r.version}.${r.group}` === qualifier || (r.group === '' && r.version === qualifier);
    });
    return (
      candidates.find((r) => r.resource === name) ??
      candidates.find((r) => r.singular === name || r.kind.toLowerCase() === name) ??
      candidates.find((r) => r.shortNames.includes(name))
    );
  }
}
