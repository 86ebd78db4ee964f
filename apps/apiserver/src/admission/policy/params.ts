/**
 * A binding's parameters (kube's CollectParams): no paramKind or no paramRef gives one null
 * parameter; otherwise the object named by paramRef.name, or every object paramRef.selector
 * selects, of the paramKind's resource, in paramRef.namespace, else the request's namespace
 * (namespaced kinds). None found: no evaluation (parameterNotFoundAction Allow) or an error
 * (Deny). Errors carry kube's texts; the caller applies the policy's failurePolicy.
 */
import type { ApiObject, ParamKind, ParamRef } from '@wheelhouse/api';
import { labelSelectorFromStructured, matchesLabels } from '@wheelhouse/machinery';
import type { ResourceDef } from '../../registry/registry.js';

/** Params, or why there are none to use. */
export type ParamsResult = { params: Array<ApiObject | null> } | { error: string };

/** Reads the objects of a resource (in a namespace, for namespaced ones). */
export type ParamReader = (def: ResourceDef, namespace: string | undefined) => readonly ApiObject[];

/** `group/version` or `version` as group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The served resource of a paramKind, or kube's configuration error naming it. */
export function paramResource(
  kind: ParamKind,
  resources: readonly ResourceDef[],
): { def: ResourceDef } | { error: string } {
  const { group, version } = parseApiVersion(kind.apiVersion ?? '');
  const def = resources.find((r) => r.group === group && r.version === version && r.kind === kind.kind);
  if (def) return { def };
  return { error: `failed to find resource referenced by paramKind: '${group}/${version}, Kind=${kind.kind ?? ''}'` };
}

function found(ref: ParamRef, params: readonly ApiObject[]): ParamsResult {
  if (params.length === 0 && ref.parameterNotFoundAction === 'Deny')
    return { error: 'no params found for policy binding with `Deny` parameterNotFoundAction' };
  return { params: [...params] };
}

/** The params of one binding for a request in `namespace` ('' for cluster-scoped requests). */
export function collectParams(
  paramDef: ResourceDef | undefined,
  ref: ParamRef | undefined,
  namespace: string,
  read: ParamReader,
): ParamsResult {
  if (!paramDef || !ref) return { params: [null] };
  let ns: string | undefined;
  if (paramDef.namespaced) {
    ns = ref.namespace || namespace;
    if (!ns) return { error: 'cannot use namespaced paramRef in policy binding that matches cluster-scoped resources' };
  } else if (ref.namespace)
    return { error: 'paramRef.namespace must not be provided for a cluster-scoped `paramKind`' };
  const objects = read(paramDef, ns);
  if (ref.name)
    return found(
      ref,
      objects.filter((o) => o.metadata.name === ref.name),
    );
  if (ref.selector) {
    const selector = labelSelectorFromStructured(ref.selector);
    return found(
      ref,
      objects.filter((o) => matchesLabels(selector, o.metadata.labels ?? {})),
    );
  }
  return { error: 'one of name or selector must be provided' };
}
