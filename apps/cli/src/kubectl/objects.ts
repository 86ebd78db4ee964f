/**
 * Untyped reads and writes of any discovered resource through the RestClient: paths,
 * GET/LIST (as objects or as the server's Tables), PATCH, DELETE and WATCH.
 */
import type { RestClient, WatchEvent } from '@wheelhouse/client';
import { parseWatchStream } from '@wheelhouse/client';
import type { ApiResource } from './discovery.js';

/** Any object as JSON. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    generation?: number;
    creationTimestamp?: string;
    deletionTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string; uid?: string; controller?: boolean; apiVersion?: string }>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** A list answer. */
export interface KubeList<T = KubeObject> {
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** The Accept header asking for a server-side Table. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** The path of a resource, its namespace (namespaced resources only), an object and a subresource. */
export function resourcePath(r: ApiResource, namespace?: string, name?: string, sub?: string): string {
  const root = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  const ns = r.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${ns}/${r.resource}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}${sub ? `/${sub}` : ''}`;
}

/** A query string of the defined, non-empty parameters. */
export function queryOf(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Selectors of a list or watch. */
export interface Selectors {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
}

/** GET one object. */
export function getObject<T = KubeObject>(rest: RestClient, r: ApiResource, ns: string, name: string): Promise<T> {
  return rest.request<T>({ method: 'GET', path: resourcePath(r, ns, name) });
}

/** Every object (all pages of 500) in `ns` (undefined: all namespaces). */
export async function listObjects<T = KubeObject>(
  rest: RestClient,
  r: ApiResource,
  ns: string | undefined,
  sel: Selectors = {},
  accept?: string,
): Promise<KubeList<T> & Record<string, unknown>> {
  let page: KubeList<T> & Record<string, unknown> & { rows?: unknown[] };
  let first: (KubeList<T> & Record<string, unknown> & { rows?: unknown[] }) | undefined;
  let cont: string | undefined;
  do {
    const path = resourcePath(r, ns) + queryOf({ ...sel, limit: 500, continue: cont });
    page = await rest.request({ method: 'GET', path, ...(accept ? { accept } : {}) });
    if (first) {
      if (page.items) first.items.push(...page.items);
      if (page.rows) first.rows!.push(...page.rows);
      first.metadata = page.metadata ?? {};
    } else first = page;
    cont = page.metadata?.continue;
  } while (cont);
  return first;
}

/** Opens a watch (from `resourceVersion`), resolving its events. Aborting `signal` ends it. */
export async function watchObjects<T = KubeObject>(
  rest: RestClient,
  r: ApiResource,
  ns: string | undefined,
  opts: Selectors & { resourceVersion?: string; accept?: string; signal?: AbortSignal },
): Promise<AsyncGenerator<WatchEvent<T>>> {
  const q = queryOf({
    watch: 1,
    labelSelector: opts.labelSelector,
    fieldSelector: opts.fieldSelector,
    resourceVersion: opts.resourceVersion,
  });
  const res = await rest.stream({
    method: 'GET',
    path: resourcePath(r, ns) + q,
    ...(opts.accept ? { accept: opts.accept } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return (async function* () {
    try {
      yield* parseWatchStream<T>(res);
    } finally {
      res.destroy();
    }
  })();
}
