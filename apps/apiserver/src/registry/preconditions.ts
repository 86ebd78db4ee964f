/** DeleteOptions.preconditions, checked against the stored object as kube-apiserver's registry does. */
import type { ApiObject, DeleteOptions } from '@wheelhouse/api';
import { conflict, type ResourceRef } from '../errors.js';

/**
 * Throws 409 Conflict, with kube-apiserver's "Precondition failed" message, when `obj` no longer
 * has the uid or resourceVersion the preconditions name; does nothing without preconditions.
 */
export function checkPreconditions(ref: ResourceRef, obj: ApiObject, pre: DeleteOptions['preconditions']): void {
  const name = obj.metadata.name ?? '';
  if (pre?.uid && pre.uid !== obj.metadata.uid)
    throw conflict(
      ref,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${obj.metadata.uid ?? ''}`,
    );
  if (pre?.resourceVersion && pre.resourceVersion !== obj.metadata.resourceVersion) {
    throw conflict(
      ref,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${obj.metadata.resourceVersion ?? ''}`,
    );
  }
}
