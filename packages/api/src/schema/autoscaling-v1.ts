/** autoscaling/v1 Scale: the scale subresource of Deployments, ReplicaSets and StatefulSets. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { namedKind, named, optInt32, optString } from './primitives.js';

/** A Scale: desired replicas in spec, observed replicas and selector (as a string) in status. */
export const ScaleSchema = namedKind(
  'io.k8s.api.autoscaling.v1.Scale',
  { group: 'autoscaling', version: 'v1', kind: 'Scale' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named('io.k8s.api.autoscaling.v1.ScaleSpec', z.strictObject({ replicas: optInt32() })).optional(),
    status: named(
      'io.k8s.api.autoscaling.v1.ScaleStatus',
      z.strictObject({ replicas: optInt32(), selector: optString() }),
    ).optional(),
  }),
  'Scale represents a scaling request for a resource.',
);
/** A Scale. */
export type Scale = z.infer<typeof ScaleSchema>;
