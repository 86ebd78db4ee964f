/** scheduling.k8s.io/v1 PriorityClass. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { namedKind, optBool, optInt32, optString } from './primitives.js';

/** A PriorityClass: maps a class name to an integer pod priority. */
export const PriorityClassSchema = namedKind(
  'io.k8s.api.scheduling.v1.PriorityClass',
  { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    value: optInt32(),
    globalDefault: optBool(),
    description: optString(),
    preemptionPolicy: optString(),
  }),
  'PriorityClass defines mapping from a priority class name to the priority integer value.',
);
/** A PriorityClass. */
export type PriorityClass = z.infer<typeof PriorityClassSchema>;
