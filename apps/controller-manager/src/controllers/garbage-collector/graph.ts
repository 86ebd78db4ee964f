/**
 * The ownership graph (kube's uidToNode): one node per object uid, observed through an
 * informer or "virtual" (named by some dependent's owner reference and not seen yet), each
 * with its owner references and the nodes that name it as owner.
 */
import type { OwnerReference } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import type { ObjectIdentity } from './identity.js';

/** An owner reference as the graph keeps it (read-only, from a cached object). */
export type OwnerRef = DeepReadonly<OwnerReference>;

/** One object of the graph. The graph builder alone changes it. */
export class GraphNode {
  /** The nodes whose owner references name this node's uid. */
  readonly dependents = new Set<GraphNode>();
  /** The object's owner references as last observed (none for a virtual node). */
  owners: readonly OwnerRef[] = [];
  /** Seen through an informer (false: only named as an owner so far). */
  observed: boolean;
  /** Has a deletionTimestamp. */
  beingDeleted = false;
  /** Has a deletionTimestamp and the foregroundDeletion finalizer. */
  deletingDependents = false;

  /** A node for `identity`, observed or virtual. */
  constructor(
    public identity: ObjectIdentity,
    observed: boolean,
  ) {
    this.observed = observed;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion=true (kube's blockingDependents). */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((d) =>
      d.owners.some((o) => o.uid === this.identity.uid && o.blockOwnerDeletion === true),
    );
  }
}

/** The nodes by uid. */
export class Graph {
  private readonly nodes = new Map<string, GraphNode>();

  /** The node of `uid`, if any. */
  get(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  /** Puts `node` under its uid (replacing any node there). */
  put(node: GraphNode): void {
    this.nodes.set(node.identity.uid, node);
  }

  /** Removes `node` and unlinks it from its owners' dependents (its own dependents keep their references). */
  remove(node: GraphNode): void {
    if (this.nodes.get(node.identity.uid) === node) this.nodes.delete(node.identity.uid);
    for (const ref of node.owners) this.nodes.get(ref.uid ?? '')?.dependents.delete(node);
  }

  /** How many nodes the graph holds. */
  get size(): number {
    return this.nodes.size;
  }
}
