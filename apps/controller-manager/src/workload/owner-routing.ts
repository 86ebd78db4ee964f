/**
 * Routing a dependent's event to its owner (kube's resolveControllerRef and the
 * "get <owner>s selecting this orphan" lookups every workload controller makes).
 */
import { type DeepReadonly, type HasMetadata, type Lister, controllerOf } from '@wheelhouse/client';
import type { ParsedLabelSelector } from '@wheelhouse/machinery';
import { ownerSelects } from './selectors.js';

/**
 * The owner that `obj`'s controller reference names, when the reference is of `kind` and the
 * cached owner (in `obj`'s namespace) still has the referenced uid; otherwise undefined.
 */
export function resolveControllerRef<O extends HasMetadata>(
  obj: DeepReadonly<HasMetadata>,
  kind: string,
  owners: Lister<O>,
): DeepReadonly<O> | undefined {
  const ref = controllerOf(obj);
  if (!ref || ref.kind !== kind) return undefined;
  const owner = owners.get(ref.name ?? '', obj.metadata.namespace);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

/**
 * The owners in `obj`'s namespace whose selector (`selectorOf`) selects `obj`'s labels: the
 * candidates to adopt an orphan. A selector that fails to parse selects nothing.
 */
export function ownersSelecting<O extends HasMetadata>(
  obj: DeepReadonly<HasMetadata>,
  owners: Lister<O>,
  selectorOf: (owner: DeepReadonly<O>) => ParsedLabelSelector,
): DeepReadonly<O>[] {
  return owners.list({ namespace: obj.metadata.namespace ?? '' }).filter((o) => {
    try {
      return ownerSelects(selectorOf(o), obj.metadata.labels);
    } catch {
      return false;
    }
  });
}
