import type { Lease, Node } from '@wheelhouse/api';
import {
  isConflict,
  isNotFound,
  isAlreadyExists,
  type Clock,
  type ResourceClient,
  type Served,
} from '@wheelhouse/client';
import { formatMicroTime } from '@wheelhouse/machinery';

/** The namespace of node leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/**
 * A node's Lease in kube-node-lease, renewed as the kubelet renews it: holderIdentity the node,
 * leaseDurationSeconds, renewTime now, owned by the Node (so it goes when the Node goes).
 * Keeps the last Lease it wrote and updates from it; a conflict or a missing Lease makes the
 * next renewal read (or create) it again. Rejects with the server's ApiError.
 */
export class NodeLease {
  private last: Served<Lease> | undefined;

  /** A lease for `node` written through `leases`. */
  constructor(
    private readonly leases: ResourceClient<Lease>,
    private readonly node: string,
    private readonly durationSeconds: number,
    private readonly clock: Clock,
  ) {}

  /** Renews (creating it if needed); `owner` is the Node the lease belongs to. */
  async renew(owner: Served<Node> | undefined): Promise<void> {
    try {
      const current = this.last ?? (await this.read());
      this.last = current ? await this.update(current) : await this.create(owner);
    } catch (err) {
      if (isConflict(err) || isNotFound(err) || isAlreadyExists(err)) this.last = undefined;
      throw err;
    }
  }

  private async read(): Promise<Served<Lease> | undefined> {
    try {
      return await this.leases.get(this.node, { namespace: NODE_LEASE_NAMESPACE });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private update(current: Served<Lease>): Promise<Served<Lease>> {
    const spec = { ...current.spec, ...this.spec() };
    return this.leases.update({ ...current, spec }, { namespace: NODE_LEASE_NAMESPACE });
  }

  private create(owner: Served<Node> | undefined): Promise<Served<Lease>> {
    const ownerReferences = owner
      ? [{ apiVersion: 'v1', kind: 'Node', name: owner.metadata.name, uid: owner.metadata.uid }]
      : undefined;
    const lease: Lease = {
      metadata: { name: this.node, namespace: NODE_LEASE_NAMESPACE, ...(ownerReferences ? { ownerReferences } : {}) },
      spec: this.spec(),
    };
    return this.leases.create(lease, { namespace: NODE_LEASE_NAMESPACE });
  }

  private spec(): NonNullable<Lease['spec']> {
    return {
      holderIdentity: this.node,
      leaseDurationSeconds: this.durationSeconds,
      renewTime: formatMicroTime(this.clock.now()),
    };
  }
}
