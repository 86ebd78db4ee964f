import type { ObjectReference } from '@wheelhouse/api';
import type { DeepReadonly, HasMetadata } from '@wheelhouse/client';
import type { RenderedEvent } from './compile.js';

/**
 * The involvedObject of an Event a stage records about `obj`: its kind (cached objects may
 * lack it), apiVersion v1, name, namespace, uid, resourceVersion, and the Event's fieldPath
 * (`spec.containers{app}`, as the kubelet refers to a container) when it has one.
 */
export function eventSubject(obj: DeepReadonly<HasMetadata>, kind: 'Pod' | 'Node', e: RenderedEvent): ObjectReference {
  const m = obj.metadata;
  const ref: ObjectReference = { kind, apiVersion: 'v1', name: m.name };
  if (m.namespace) ref.namespace = m.namespace;
  if (m.uid) ref.uid = m.uid;
  if (m.resourceVersion) ref.resourceVersion = m.resourceVersion;
  if (e.fieldPath) ref.fieldPath = e.fieldPath;
  return ref;
}
