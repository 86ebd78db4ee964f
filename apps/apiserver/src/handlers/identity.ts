/**
 * A write must store the object its URL names: kube-apiserver refuses a body (a PUT body,
 * or the result of a patch or apply) whose namespace differs from the request's
 * (EnsureObjectNamespaceMatchesRequestNamespace) or whose name differs from the URL's
 * (checkName), both with 400. An empty namespace takes the request's; a cluster-scoped
 * object's namespace is ignored.
 */
import { badRequest } from '../errors.js';
import type { ApiObject } from '@wheelhouse/api';
import type { ResourceDef } from '../registry/registry.js';

/** Throws 400 BadRequest if `obj` is not `namespace`/`name` (see the module comment). */
export function checkIdentity(def: ResourceDef, obj: ApiObject, namespace: string | undefined, name: string): void {
  const objNamespace = obj.metadata?.namespace ?? '';
  if (def.namespaced && objNamespace !== '' && objNamespace !== (namespace ?? ''))
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  const objName = obj.metadata?.name ?? '';
  if (objName !== name)
    throw badRequest(`the name of the object (${String(objName)}) does not match the name on the URL (${name})`);
}
