/** core/v1 object references: ObjectReference (events, bindings, endpoints) and TypedLocalObjectReference. */
import { z } from 'zod';
import { named, optString } from './primitives.js';

/** A reference to any object, optionally to a field inside it. */
export const ObjectReferenceSchema = named(
  'io.k8s.api.core.v1.ObjectReference',
  z.strictObject({
    kind: optString(),
    namespace: optString(),
    name: optString(),
    uid: optString(),
    apiVersion: optString(),
    resourceVersion: optString(),
    fieldPath: optString(),
  }),
  'ObjectReference contains enough information to let you inspect or modify the referred object.',
);
/** A reference to any object. */
export type ObjectReference = z.infer<typeof ObjectReferenceSchema>;

/** A reference to an object of any kind in the same namespace (an Ingress backend's `resource`). */
export const TypedLocalObjectReferenceSchema = named(
  'io.k8s.api.core.v1.TypedLocalObjectReference',
  z.strictObject({ apiGroup: optString(), kind: optString(), name: optString() }),
  'TypedLocalObjectReference contains enough information to let you locate the typed referenced object inside the same namespace.',
);
/** A reference to an object of any kind in the same namespace. */
export type TypedLocalObjectReference = z.infer<typeof TypedLocalObjectReferenceSchema>;
