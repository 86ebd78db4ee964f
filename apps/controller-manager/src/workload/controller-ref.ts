/**
 * Adoption and release of dependents through their controller reference (kube's
 * ControllerRefManager): a controller claims the objects whose controllerRef names it and that
 * its selector still matches, releases those it owns that no longer match, and adopts matching
 * orphans, unless it is itself being deleted.
 */
import type { ApiObject, OwnerReference } from '@wheelhouse/api';
import { type DeepReadonly, type ResourceClient, type Served, controllerOf, isNotFound } from '@wheelhouse/client';

/** The controller doing the claiming. */
export interface Claimant {
  /** The controller object as cached. */
  owner: DeepReadonly<ApiObject>;
  /** Its controller reference, as dependents carry it. */
  ref: OwnerReference;
  /**
   * Confirms with a fresh (uncached) read that the owner still exists with its uid and is not
   * being deleted, before the first adoption (kube's RecheckDeletionTimestamp); throws otherwise.
   */
  recheck(): Promise<void>;
}

/** What claiming found: the objects the controller owns now, and the first error of an adoption or release. */
export interface Claimed<T> {
  claimed: T[];
  error?: unknown;
}

/** Builds a {@link Claimant} that rechecks by a GET through `client`. */
export function claimant(
  owner: DeepReadonly<ApiObject>,
  ref: OwnerReference,
  client: ResourceClient<unknown>,
): Claimant {
  return {
    owner,
    ref,
    recheck: async () => {
      const { name = '', namespace, uid } = owner.metadata;
      const fresh = await client.get(name, namespace ? { namespace } : {});
      if (fresh.metadata.uid !== uid)
        throw new Error(
          `original ${ref.kind} ${namespace}/${name} is gone: got uid ${fresh.metadata.uid}, wanted ${uid}`,
        );
      if (fresh.metadata.deletionTimestamp)
        throw new Error(`${namespace}/${name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    },
  };
}

/**
 * Claims `candidates` for `c`: returns those it owns after adopting and releasing through
 * `client` (strategic merge patches of ownerReferences, guarded by the object's uid). An
 * object that vanished meanwhile is skipped; other write errors are reported in `error` (the
 * caller should requeue), and the claiming goes on.
 */
export async function claimObjects<T extends DeepReadonly<ApiObject>>(
  c: Claimant,
  candidates: readonly T[],
  matches: (obj: T) => boolean,
  client: ResourceClient<unknown>,
): Promise<Claimed<T>> {
  const claimed: T[] = [];
  let error: unknown;
  let checked: Promise<void> | undefined;
  const deleting = Boolean(c.owner.metadata.deletionTimestamp);
  for (const obj of candidates) {
    const ref = controllerOf(obj);
    const action = decide(c, obj, ref, matches(obj), deleting);
    if (action === 'keep') claimed.push(obj);
    if (action !== 'adopt' && action !== 'release') continue;
    try {
      if (action === 'adopt') await (checked ??= c.recheck());
      await patchOwner(client, obj, action === 'adopt' ? c.ref : { $patch: 'delete', uid: c.ref.uid });
      if (action === 'adopt') claimed.push(obj);
    } catch (err) {
      if (!isNotFound(err)) error ??= err;
    }
  }
  return error === undefined ? { claimed } : { claimed, error };
}

type Action = 'keep' | 'ignore' | 'adopt' | 'release';

function decide(
  c: Claimant,
  obj: DeepReadonly<ApiObject>,
  ref: DeepReadonly<OwnerReference> | undefined,
  matches: boolean,
  deleting: boolean,
): Action {
  if (ref) {
    if (ref.uid !== c.ref.uid) return 'ignore';
    if (matches) return 'keep';
    return deleting ? 'ignore' : 'release';
  }
  if (deleting || !matches || obj.metadata.deletionTimestamp) return 'ignore';
  const ns = c.owner.metadata.namespace;
  return ns && ns !== obj.metadata.namespace ? 'ignore' : 'adopt';
}

async function patchOwner(
  client: ResourceClient<unknown>,
  obj: DeepReadonly<ApiObject>,
  entry: OwnerReference | { $patch: 'delete'; uid: string },
): Promise<Served<unknown>> {
  const { name = '', namespace, uid } = obj.metadata;
  const patch = { metadata: { ownerReferences: [entry], uid } };
  return client.patch(name, patch, { type: 'strategic', ...(namespace ? { namespace } : {}) });
}
