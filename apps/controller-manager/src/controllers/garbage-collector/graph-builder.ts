/**
 * kube's GraphBuilder: turns every watched resource's informer events into the ownership
 * graph, and hands the collector what to look at: dependents of an owner that went away, owners
 * that started waiting for their dependents (foreground) or for orphaning, and virtual owners to
 * verify against the API server. Events are applied synchronously in the informers' handlers,
 * which is what kube's single graph-changes goroutine gives: one change at a time.
 */
import type { DeepReadonly, EventHandler, EventRecorder } from '@wheelhouse/client';
import type { Logger } from 'pino';
import type { AbsentOwnerCache } from './absent-owner-cache.js';
import { Graph, GraphNode, type OwnerRef } from './graph.js';
import {
  FOREGROUND_FINALIZER,
  ORPHAN_FINALIZER,
  type ObjectIdentity,
  formatIdentity,
  identityKey,
  identityOfReference,
  referenceMatches,
  sameIdentity,
} from './identity.js';
import { type ChangedReference, diffReferences, isEmptyDiff } from './reference-diff.js';
import { type AnyServed, type GcResource, apiVersionOfResource } from './resources.js';

type Cached = DeepReadonly<AnyServed>;

/** Where the builder puts work (the collector's two queues). */
export interface GraphQueues {
  /** Adds the node's uid to attemptToDelete (rate-limited when `rateLimited`). */
  attemptToDelete(node: GraphNode, rateLimited?: boolean): void;
  /** Adds the node's uid to attemptToOrphan. */
  attemptToOrphan(node: GraphNode): void;
}

/** What a {@link GraphBuilder} needs. */
export interface GraphBuilderDeps {
  queues: GraphQueues;
  absent: AbsentOwnerCache;
  /** Reports OwnerRefInvalidNamespace as garbage-collector-controller. */
  recorder: EventRecorder;
  log: Logger;
}

const hasFinalizer = (obj: Cached | undefined, f: string): boolean =>
  !!obj?.metadata.deletionTimestamp && (obj.metadata.finalizers ?? []).includes(f);

/** Builds and keeps the graph; see the file's header. */
export class GraphBuilder {
  /** The graph (read by the collector's workers). */
  readonly graph = new Graph();

  /** Starts with an empty graph. */
  constructor(private readonly deps: GraphBuilderDeps) {}

  /** The informer handler of `def`'s objects. */
  handlerFor(def: GcResource): EventHandler<AnyServed> {
    const apiVersion = apiVersionOfResource(def);
    const identity = (o: Cached): ObjectIdentity => ({
      apiVersion,
      kind: def.kind,
      name: o.metadata.name,
      uid: o.metadata.uid,
      namespace: o.metadata.namespace ?? '',
    });
    return {
      onAdd: (obj) => this.upsert(identity(obj), obj, undefined),
      onUpdate: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) {
          this.observedDelete(identity(old));
          return this.upsert(identity(cur), cur, undefined);
        }
        this.upsert(identity(cur), cur, old);
      },
      onDelete: (obj) => this.observedDelete(identity(obj)),
    };
  }

  /**
   * The API server says `id` does not exist (kube's virtual delete event): a virtual node goes
   * and its dependents are looked at; an observed node with other coordinates stays, and only
   * the dependents that name `id` are looked at.
   */
  virtualDelete(id: ObjectIdentity): void {
    const node = this.graph.get(id.uid);
    if (!node) return;
    if (node.observed && sameIdentity(node.identity, id)) return this.removeNode(node, id);
    const [matching, nonMatching] = this.partitionDependents(node, id);
    if (node.observed || nonMatching.length > 0) {
      if (matching.length > 0) this.deps.absent.add(id);
      for (const dep of matching) this.deps.queues.attemptToDelete(dep);
      if (!node.observed && sameIdentity(node.identity, id)) this.retryVirtualAs(node, nonMatching, id);
      return;
    }
    this.removeNode(node, id);
  }

  private upsert(id: ObjectIdentity, obj: Cached, old: Cached | undefined): void {
    const refs = obj.metadata.ownerReferences ?? [];
    let node = this.graph.get(id.uid);
    if (!node) {
      node = new GraphNode(id, true);
      node.owners = refs;
      this.graph.put(node);
      if (this.linkToOwners(node, refs)) this.deps.queues.attemptToDelete(node);
    } else {
      if (!node.observed) this.observeVirtual(node, id);
      const diff = diffReferences(node.owners, refs);
      if (!isEmptyDiff(diff)) {
        this.enqueueUnblockedOwners(diff.removed, diff.changed);
        node.owners = refs;
        if (this.linkToOwners(node, diff.added)) this.deps.queues.attemptToDelete(node);
        for (const r of diff.removed) this.graph.get(r.uid ?? '')?.dependents.delete(node);
      }
    }
    node.beingDeleted = !!obj.metadata.deletionTimestamp;
    node.deletingDependents = hasFinalizer(obj, FOREGROUND_FINALIZER);
    this.processTransitions(node, obj, old);
  }

  /** A virtual node seen at last: dependents that named it by other coordinates are looked at again. */
  private observeVirtual(node: GraphNode, id: ObjectIdentity): void {
    if (!sameIdentity(node.identity, id)) {
      const [, invalid] = this.partitionDependents(node, id);
      for (const dep of invalid) {
        if (id.namespace !== '' && dep.identity.namespace !== id.namespace) this.reportInvalidNamespace(dep, id.uid);
        this.deps.queues.attemptToDelete(dep);
      }
      node.identity = id;
    }
    node.observed = true;
  }

  /** Orphan and foreground deletion start when the object gets their finalizer with a deletionTimestamp. */
  private processTransitions(node: GraphNode, obj: Cached, old: Cached | undefined): void {
    if (hasFinalizer(obj, ORPHAN_FINALIZER) && !hasFinalizer(old, ORPHAN_FINALIZER)) {
      this.deps.log.debug({ item: formatIdentity(node.identity) }, 'owner waits for its dependents to be orphaned');
      return this.deps.queues.attemptToOrphan(node);
    }
    if (hasFinalizer(obj, FOREGROUND_FINALIZER) && !hasFinalizer(old, FOREGROUND_FINALIZER)) {
      this.deps.log.debug({ item: formatIdentity(node.identity) }, 'owner waits for its dependents to be deleted');
      for (const dep of node.dependents) this.deps.queues.attemptToDelete(dep);
      this.deps.queues.attemptToDelete(node);
    }
  }

  /**
   * Adds `node` to its owners' dependents, creating (and queueing for verification) a virtual
   * node for an owner not in the graph. True when some reference may be invalid (another
   * namespace, or coordinates other than the observed owner's): the caller queues `node`.
   */
  private linkToOwners(node: GraphNode, refs: readonly OwnerRef[]): boolean {
    let suspicious = false;
    for (const ref of refs) {
      let owner = this.graph.get(ref.uid ?? '');
      const isNew = !owner;
      if (!owner) {
        owner = new GraphNode(identityOfReference(ref, node.identity.namespace), false);
        this.graph.put(owner);
      }
      owner.dependents.add(node);
      if (isNew) this.deps.queues.attemptToDelete(owner);
      else if (!suspicious) suspicious = this.isSuspicious(node, ref, owner);
    }
    return suspicious;
  }

  private isSuspicious(node: GraphNode, ref: OwnerRef, owner: GraphNode): boolean {
    const ownerNs = owner.identity.namespace;
    if (ownerNs !== '' && ownerNs !== node.identity.namespace) {
      if (owner.observed) this.reportInvalidNamespace(node, owner.identity.uid);
      return true;
    }
    if (!referenceMatches(ref, owner.identity)) return true;
    // A virtual cluster-scoped-looking owner named from another namespace may be a namespaced kind a cluster-scoped object names.
    return ownerNs === '' && node.identity.namespace !== '' && !owner.observed;
  }

  /** kube's OwnerRefInvalidNamespace event on the dependent. */
  private reportInvalidNamespace(node: GraphNode, ownerUid: string): void {
    const ref = node.owners.find((o) => o.uid === ownerUid);
    if (!ref) return;
    const ns = node.identity.namespace;
    const { apiVersion, kind, name, uid } = node.identity;
    this.deps.log.info(
      { item: formatIdentity(node.identity), owner: formatIdentity(identityOfReference(ref, ns)) },
      'item references an owner but does not match namespaces',
    );
    this.deps.recorder.event(
      { apiVersion, kind, metadata: { name, uid, ...(ns ? { namespace: ns } : {}) } },
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef ${formatIdentity(identityOfReference(ref, ns))} does not exist in namespace "${ns}"`,
    );
  }

  /** An owner waiting for its dependents is looked at again when a blocking reference to it goes or stops blocking. */
  private enqueueUnblockedOwners(removed: readonly OwnerRef[], changed: readonly ChangedReference[]): void {
    const unblocked = [
      ...removed.filter((r) => r.blockOwnerDeletion === true),
      ...changed
        .filter((c) => c.old.blockOwnerDeletion === true && c.cur.blockOwnerDeletion !== true)
        .map((c) => c.cur),
    ];
    for (const r of unblocked) {
      const owner = this.graph.get(r.uid ?? '');
      if (owner) this.deps.queues.attemptToDelete(owner);
    }
  }

  private observedDelete(id: ObjectIdentity): void {
    const node = this.graph.get(id.uid);
    if (node) this.removeNode(node, id);
  }

  /** Drops `node`; its dependents and its foreground-deleting owners are looked at again. */
  private removeNode(node: GraphNode, id: ObjectIdentity): void {
    this.graph.remove(node);
    if (node.dependents.size > 0) this.deps.absent.add(id);
    for (const dep of node.dependents) this.deps.queues.attemptToDelete(dep);
    for (const ref of node.owners) {
      const owner = this.graph.get(ref.uid ?? '');
      if (owner?.deletingDependents) this.deps.queues.attemptToDelete(owner);
    }
  }

  /** Dependents that name `id` exactly (in its namespace, unless cluster-scoped), and the others. */
  private partitionDependents(node: GraphNode, id: ObjectIdentity): [GraphNode[], GraphNode[]] {
    const matching: GraphNode[] = [];
    const others: GraphNode[] = [];
    for (const dep of node.dependents) {
      const ok = dep.owners.some(
        (r) =>
          r.uid === id.uid &&
          referenceMatches(r, id) &&
          (id.namespace === '' || dep.identity.namespace === id.namespace),
      );
      (ok ? matching : others).push(dep);
    }
    return [matching, others];
  }

  /**
   * The virtual node's coordinates were verified absent but some dependents name its uid
   * otherwise: it takes the next such identity in a fixed order (so alternatives are tried in
   * turn, never back and forth) and is verified again, rate-limited.
   */
  private retryVirtualAs(node: GraphNode, dependents: readonly GraphNode[], absent: ObjectIdentity): void {
    const alternatives = new Map<string, ObjectIdentity>();
    for (const dep of dependents)
      for (const r of dep.owners)
        if (r.uid === absent.uid) {
          const alt = identityOfReference(r, dep.identity.namespace);
          alternatives.set(identityKey(alt), alt);
        }
    alternatives.delete(identityKey(absent));
    const keys = [...alternatives.keys()].sort();
    const next = keys.find((k) => k > identityKey(absent)) ?? keys[0];
    if (next === undefined) return;
    node.identity = alternatives.get(next)!;
    this.deps.queues.attemptToDelete(node, true);
  }
}
