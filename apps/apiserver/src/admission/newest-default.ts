/** The pick of the DefaultStorageClass and DefaultIngressClass admission plugins among several defaults. */

interface Named {
  metadata?: { name?: string; creationTimestamp?: string };
}

function createdAt(o: Named): number {
  return Date.parse(o.metadata?.creationTimestamp ?? '') || 0;
}

/**
 * The newest of `defaults` by creationTimestamp, ties going to the lower name, as kube's
 * plugins choose among several default classes (1.26+ for storage, 1.28+ for ingress);
 * undefined when there is none.
 */
export function newestDefault<T extends Named>(defaults: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const d of defaults) {
    if (best === undefined) best = d;
    else {
      const [t, tb] = [createdAt(d), createdAt(best)];
      if (t > tb || (t === tb && (d.metadata?.name ?? '') < (best.metadata?.name ?? ''))) best = d;
    }
  }
  return best;
}
