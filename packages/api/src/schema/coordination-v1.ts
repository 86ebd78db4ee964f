/** coordination.k8s.io/v1 Lease: node heartbeats and leader election. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { MicroTimeSchema, named, namedKind, optInt32, optString } from './primitives.js';

/** A Lease. */
export const LeaseSchema = namedKind(
  'io.k8s.api.coordination.v1.Lease',
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      'io.k8s.api.coordination.v1.LeaseSpec',
      z.strictObject({
        holderIdentity: optString(),
        leaseDurationSeconds: optInt32(),
        acquireTime: MicroTimeSchema.optional(),
        renewTime: MicroTimeSchema.optional(),
        leaseTransitions: optInt32(),
        strategy: optString(),
        preferredHolder: optString(),
      }),
    ).optional(),
  }),
  'Lease defines a lease concept.',
);
/** A Lease. */
export type Lease = z.infer<typeof LeaseSchema>;
/** A Lease's spec: holder, duration, acquire and renew times (MicroTime strings), transitions. */
export type LeaseSpec = NonNullable<Lease['spec']>;
