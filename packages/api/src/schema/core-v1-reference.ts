/** core/v1 ObjectReference: a full reference to another object (events, bindings, endpoints). */
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
