/**
 * The outcomes of looking at one item that end its key without a retry (kube's
 * enqueuedVirtualDeleteEventErr, namespacedOwnerOfClusterScopedObjectErr and, here without
 * retries since the registry is fixed, restMappingError).
 */
import type { ObjectIdentity } from './identity.js';

/** The item does not exist (or has another uid): a virtual delete was applied to the graph. */
export class ItemGone extends Error {
  /** For `item`. */
  constructor(readonly item: ObjectIdentity) {
    super('item not found; applied a virtual delete');
  }
}

/**
 * A cluster-scoped item names a namespaced owner: invalid, and retrying cannot fix it. `item`
 * is that dependent, or undefined when the owner itself (a virtual node without a namespace)
 * was looked at.
 */
export class NamespacedOwnerOfClusterScoped extends Error {
  /** For `owner`, named by `item`. */
  constructor(
    readonly owner: ObjectIdentity,
    readonly item?: ObjectIdentity,
  ) {
    super('item is cluster-scoped, but refers to a namespaced owner');
  }
}

/** An apiVersion and kind the API does not serve: the reference is left alone. */
export class UnknownKind extends Error {
  /** For a reference to `apiVersion` `kind`. */
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`no resource serves ${kind} in ${apiVersion}`);
  }
}
