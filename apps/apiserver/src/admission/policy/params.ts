/**
 * A binding's parameters (kube's CollectParams): no paramKind or no paramRef gives one null
 * parameter; otherwise the object named by paramRef.name, or every object paramRef.selector
 * selects, of the paramKind's resource, in paramRef.namespace, else the request's namespace
 * (namespaced kinds). None found: no evaluation (parameterNotFoundAction Allow) or an error
 * (Deny). Errors carry kube's texts; the caller applies the policy's failurePolicy.
 */
import { parseApiVersion, type ApiObject, type ParamKind, type ParamRef } from '@wheelhouse/api';
import { labelSelectorFromStructured, matchesLabels } from '@wheelhouse/machinery';
import type { ResourceDef } from '../../registry/registry.js';

/** Params, or why there are none to use. */
export type ParamsResult = { params: Array<ApiObject | null> } | { error: string };

/**
 * Reads the objects of a resource (in a namespace, for namespaced ones); given a name, it may
 * read only the object of that name.
 */
export type ParamReader = (def: ResourceDef, namespace: string | undefined, name?: string) => readonly ApiObject[];

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
  if (ref.name)
    return found(
      ref,
      read(paramDef, ns, ref.name).filter((o) => o.metadata.name === ref.name),
    );
  if (ref.selector) {
    const selector = labelSelectorFromStructured(ref.selector);
    return found(
      ref,
      read(paramDef, ns).filter((o) => matchesLabels(selector, o.metadata.labels ?? {})),
    );
  }
  return { error: 'one of name or selector must be provided' };
}
