/**
 * kube's attemptToDeleteItem: looks at one node of the graph against the API server. A node
 * that does not exist (or has another uid) leaves the graph (its dependents are looked at); an
 * owner waiting for its dependents (foreground) loses its finalizer once no blocking dependent
 * remains; a dependent whose owners are all gone is deleted, one with some owners left loses
 * the references to the gone ones.
 */
import type { Result, RestClient } from '@wheelhouse/client';
import type { Logger } from 'pino';
import type { AbsentOwnerCache } from './absent-owner-cache.js';
import { ItemGone, NamespacedOwnerOfClusterScoped, UnknownKind } from './errors.js';
import type { GraphNode, OwnerRef } from './graph.js';
import type { GraphBuilder, GraphQueues } from './graph-builder.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, formatIdentity, identityOfReference } from './identity.js';
import {
  type Propagation,
  deleteObject,
  getObject,
  removeFinalizer,
  removeOwnerReferences,
  resourceOf,
  unblockOwnerReferences,
} from './operations.js';
import type { AnyServed, GcResource, GcResources } from './resources.js';

/** What the attemptToDelete workers share. */
export interface CollectorDeps {
  client: RestClient;
  /** The registry's resources and the custom ones discovery found. */
  resources: GcResources;
  builder: GraphBuilder;
  queues: GraphQueues;
  absent: AbsentOwnerCache;
  log: Logger;
  /** Uids of items already logged for naming an unknown kind (one line each). */
  loggedUnknown: Set<string>;
}

/** An item's owner references sorted by what their owners are doing (kube's classifyReferences). */
interface Classified {
  solid: OwnerRef[];
  dangling: OwnerRef[];
  waiting: OwnerRef[];
}

/**
 * The attemptToDelete reconcile of the node with `uid`. A node not yet observed through an
 * informer after the look is retried rate-limited (kube: issue 56121); outcomes that retrying
 * cannot change end the key.
 */
export async function attemptToDelete(deps: CollectorDeps, uid: string): Promise<Result> {
  const node = deps.builder.graph.get(uid);
  if (!node) return {};
  try {
    await attemptToDeleteItem(deps, node);
  } catch (err) {
    if (err instanceof ItemGone) return {};
    if (err instanceof NamespacedOwnerOfClusterScoped) {
      const dependents = err.item ? [err.item] : [...node.dependents].map((d) => d.identity);
      deps.log.info({ owner: formatIdentity(err.owner), items: dependents.map(formatIdentity) }, err.message);
      return {};
    }
    if (err instanceof UnknownKind) return unknownKind(deps, node, err);
    throw err;
  }
  return node.observed ? {} : { requeue: true };
}

/** An owner reference to a kind the API does not serve: one log line per item, then left alone. */
function unknownKind(deps: CollectorDeps, node: GraphNode, err: UnknownKind): Result {
  if (deps.loggedUnknown.has(node.identity.uid)) return {};
  deps.loggedUnknown.add(node.identity.uid);
  const dependents = [...node.dependents].map((d) => formatIdentity(d.identity));
  deps.log.warn(
    { item: formatIdentity(node.identity), apiVersion: err.apiVersion, kind: err.kind, dependents },
    'owner reference to a kind the API does not serve; left alone',
  );
  return {};
}

async function attemptToDeleteItem(deps: CollectorDeps, node: GraphNode): Promise<void> {
  // Being deleted is a one-way trip: its dependents are looked at once it is gone.
  if (node.beingDeleted && !node.deletingDependents) return;
  const id = node.identity;
  const def = resourceOf(deps.resources, id);
  // Only a cluster-scoped dependent names a namespaced kind without a namespace.
  if (def.scope === 'Namespaced' && id.namespace === '') throw new NamespacedOwnerOfClusterScoped(id);
  const latest = await getObject(deps.client, def, id.namespace, id.name);
  if (!latest || latest.metadata.uid !== id.uid) return gone(deps, node);
  if (node.deletingDependents) return processDeletingDependents(deps, node);
  const refs = latest.metadata.ownerReferences ?? [];
  if (refs.length === 0) return;
  const c = await classifyReferences(deps, node, refs);
  if (c.solid.length > 0) {
    if (c.dangling.length === 0 && c.waiting.length === 0) return;
    const uids = new Set([...c.dangling, ...c.waiting].map((r) => r.uid ?? ''));
    deps.log.info({ item: formatIdentity(id), remove: [...uids] }, 'removing dangling and waiting owner references');
    if (!(await removeOwnerReferences(deps.client, def, latest, uids))) return gone(deps, node);
    return;
  }
  if (c.waiting.length > 0 && node.dependents.size > 0) return deleteInForeground(deps, node, def, latest);
  await deleteItem(deps, node, def, latest, policyFor(latest));
}

/** The propagation an item with no owner left is deleted with: the one its finalizers already ask for, else Background. */
function policyFor(latest: AnyServed): Propagation {
  const finalizers = latest.metadata.finalizers ?? [];
  if (finalizers.includes(ORPHAN_FINALIZER)) return 'Orphan';
  if (finalizers.includes(FOREGROUND_FINALIZER)) return 'Foreground';
  return 'Background';
}

/**
 * Some owner waits for this item, which has dependents of its own: it is deleted in the
 * foreground too. A dependent already deleting its own dependents could close a cycle, so
 * this item's references stop blocking first (kube's cycle guard).
 */
async function deleteInForeground(
  deps: CollectorDeps,
  node: GraphNode,
  def: GcResource,
  latest: AnyServed,
): Promise<void> {
  if ([...node.dependents].some((d) => d.deletingDependents)) {
    deps.log.info({ item: formatIdentity(node.identity) }, 'unblocking owner references to prevent a deletion cycle');
    if (!(await unblockOwnerReferences(deps.client, def, latest))) return gone(deps, node);
  }
  await deleteItem(deps, node, def, latest, 'Foreground');
}

async function deleteItem(
  deps: CollectorDeps,
  node: GraphNode,
  def: GcResource,
  latest: AnyServed,
  policy: Propagation,
): Promise<void> {
  deps.log.info({ item: formatIdentity(node.identity), propagationPolicy: policy }, 'deleting item');
  if (!(await deleteObject(deps.client, def, latest, policy))) gone(deps, node);
}

/** The item does not exist: a virtual delete event; ends the key. */
function gone(deps: CollectorDeps, node: GraphNode): never {
  const id = { ...node.identity };
  deps.builder.virtualDelete(id);
  throw new ItemGone(id);
}

/** The owner waits for its dependents: its finalizer goes once none blocks; blocking ones are looked at. */
async function processDeletingDependents(deps: CollectorDeps, node: GraphNode): Promise<void> {
  const blocking = node.blockingDependents();
  if (blocking.length === 0) {
    deps.log.info({ item: formatIdentity(node.identity) }, 'removing the foregroundDeletion finalizer');
    return removeFinalizer(deps.client, deps.resources, node.identity, FOREGROUND_FINALIZER);
  }
  for (const dep of blocking) if (!dep.deletingDependents) deps.queues.attemptToDelete(dep);
}

async function classifyReferences(
  deps: CollectorDeps,
  node: GraphNode,
  refs: readonly OwnerRef[],
): Promise<Classified> {
  const out: Classified = { solid: [], dangling: [], waiting: [] };
  for (const ref of refs) {
    const owner = await ownerOf(deps, node, ref);
    if (!owner) out.dangling.push(ref);
    else if (owner.metadata.deletionTimestamp && (owner.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER))
      out.waiting.push(ref);
    else out.solid.push(ref);
  }
  return out;
}

/**
 * The owner `ref` names, read from the API server in the dependent's namespace (or cluster
 * scope); undefined when it is absent or has another uid (kube's isDangling).
 */
async function ownerOf(deps: CollectorDeps, node: GraphNode, ref: OwnerRef): Promise<AnyServed | undefined> {
  const item = node.identity;
  const asNamespaced = identityOfReference(ref, item.namespace);
  if (deps.absent.has(identityOfReference(ref, '')) || deps.absent.has(asNamespaced)) return undefined;
  const def = resourceOf(deps.resources, asNamespaced);
  const namespaced = def.scope === 'Namespaced';
  if (namespaced && item.namespace === '') throw new NamespacedOwnerOfClusterScoped(asNamespaced, item);
  const key = namespaced ? asNamespaced : identityOfReference(ref, '');
  const owner = await getObject(deps.client, def, key.namespace, key.name);
  if (!owner || owner.metadata.uid !== ref.uid) {
    deps.absent.add(key);
    return undefined;
  }
  return owner;
}
