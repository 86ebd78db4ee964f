/** The spec of a coordination.k8s.io/v1 Lease; times are MicroTime strings. */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

/** A coordination.k8s.io/v1 Lease (the fields leader election uses). */
export interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string; [key: string]: unknown };
  spec: LeaseSpec;
}

/**
 * What leader election needs from the API (to be backed by the REST client). `get` resolves
 * undefined when the lease does not exist; `create` rejects with an AlreadyExists ApiError if
 * it does; `update` rejects with a Conflict ApiError unless `lease.metadata.resourceVersion` is
 * the current one. Resolved leases carry the new resourceVersion; callers may not mutate them.
 */
export interface LeaseStore {
  get(namespace: string, name: string, signal?: AbortSignal): Promise<Lease | undefined>;
  create(lease: Lease, signal?: AbortSignal): Promise<Lease>;
  update(lease: Lease, signal?: AbortSignal): Promise<Lease>;
}
