/**
 * The pod GC's quarantine of missing nodes (kube's delaying nodeQueue): a node its pods name
 * but the cache lacks becomes due for a check `quarantineMs` after it was first seen missing;
 * once taken out, it starts over if it is still missing at a later pass.
 */
export class NodeQuarantine {
  private readonly dueAt = new Map<string, number>();

  /** `quarantineMs`: how long a node waits before it is checked. */
  constructor(private readonly quarantineMs: number) {}

  /** Notes that `node` is missing at `now`; a node already waiting keeps its time. */
  observe(node: string, now: number): void {
    if (!this.dueAt.has(node)) this.dueAt.set(node, now + this.quarantineMs);
  }

  /** Takes out and returns the nodes whose quarantine has ended at `now`. */
  takeDue(now: number): string[] {
    const due = [...this.dueAt].filter(([, at]) => at <= now).map(([node]) => node);
    for (const node of due) this.dueAt.delete(node);
    return due;
  }
}
