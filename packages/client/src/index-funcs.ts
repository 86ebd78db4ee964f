import type { ObjectWithMetadata } from '@wheelhouse/api';
import type { DeepReadonly } from './object.js';

/** The usual name of the index {@link nodeNameIndexFunc} builds. */
export const NODE_NAME_INDEX = 'spec.nodeName';

/** The usual name of the index {@link ownerUidIndexFunc} builds. */
export const OWNER_UID_INDEX = 'ownerUid';

/**
 * Pods by the node they are bound to (`spec.nodeName`); unscheduled pods are not indexed.
 * For `indexers: { [NODE_NAME_INDEX]: nodeNameIndexFunc }`; read with `byIndex(NODE_NAME_INDEX, node)`.
 */
export function nodeNameIndexFunc(obj: DeepReadonly<{ spec?: { nodeName?: string } }>): string[] {
  const node = obj.spec?.nodeName;
  return node ? [node] : [];
}

/**
 * Objects by the uid of each owner in `metadata.ownerReferences` (what a controller or the
 * garbage collector asks: "what does this object own?"). Malformed references are skipped.
 */
export function ownerUidIndexFunc(obj: DeepReadonly<ObjectWithMetadata>): string[] {
  const refs = obj.metadata.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.flatMap((r: unknown) => {
    const uid = (r as { uid?: unknown } | null)?.uid;
    return typeof uid === 'string' && uid !== '' ? [uid] : [];
  });
}
