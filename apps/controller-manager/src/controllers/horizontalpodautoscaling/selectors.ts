/**
 * Which HPAs select which pods (kube's hpaSelectors): each HPA's target selector as its last
 * sync parsed it, so that a sync finds pods that another HPA scales too (AmbiguousSelector).
 */
import { type ParsedLabelSelector, matchesLabels } from '@wheelhouse/machinery';

/** HPA keys ("namespace/name") to the selector of their target's pods. */
export class HpaSelectors {
  private readonly selectors = new Map<string, { namespace: string; selector: ParsedLabelSelector | undefined }>();

  /** Registers an HPA (selecting nothing until its first sync parses its target's selector). */
  register(key: string, namespace: string): void {
    if (!this.selectors.has(key)) this.selectors.set(key, { namespace, selector: undefined });
  }

  /** Records the HPA's selector, if it is registered. */
  put(key: string, namespace: string, selector: ParsedLabelSelector): void {
    if (this.selectors.has(key)) this.selectors.set(key, { namespace, selector });
  }

  delete(key: string): void {
    this.selectors.delete(key);
  }

  /** The HPAs of `namespace` whose selector matches any of `podLabels`, sorted. */
  selecting(namespace: string, podLabels: readonly Readonly<Record<string, string>>[]): string[] {
    const out: string[] = [];
    for (const [key, entry] of this.selectors) {
      if (entry.namespace !== namespace || !entry.selector) continue;
      const selector = entry.selector;
      if (podLabels.some((labels) => matchesLabels(selector, labels))) out.push(key);
    }
    return out.sort();
  }
}
