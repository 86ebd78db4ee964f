import type { ObjectReference } from '@wheelhouse/api';
import type { DeepReadonly, HasMetadata } from '@wheelhouse/client';

/**
 * The involvedObject of an Event a stage records about `obj`: its kind (cached objects may
 * lack it), apiVersion v1, name, namespace, uid, resourceVersion, and `fieldPath`
 * (`spec.containers{app}`, as the kubelet refers to a container) when given.
 */
export function eventSubject(
  obj: DeepReadonly<HasMetadata>,
  kind: 'Pod' | 'Node',
  fieldPath?: string,
): ObjectReference {
  const m = obj.metadata;
  const ref: ObjectReference = { kind, apiVersion: 'v1', name: m.name };
  if (m.namespace) ref.namespace = m.namespace;
  if (m.uid) ref.uid = m.uid;
  if (m.resourceVersion) ref.resourceVersion = m.resourceVersion;
  if (fieldPath) ref.fieldPath = fieldPath;
  return ref;
}
