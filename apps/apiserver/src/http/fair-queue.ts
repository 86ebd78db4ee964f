/**
 * Fair queuing among flows, the shape of API Priority and Fairness within one priority level:
 * each flow (one client) waits in its own queue, and the next request dispatched comes from
 * the next flow in turn that has one waiting. A client that queues thousands of requests at
 * once (a controller creating a ReplicaSet's pods) then delays each other client by a turn,
 * not by its whole backlog.
 */
export class FairQueue<T> {
  /** Waiting items by flow; a flow is here only while it has some, in the order of its turn. */
  private readonly flows = new Map<string, T[]>();
  private count = 0;

  /** How many items wait, in all flows. */
  get size(): number {
    return this.count;
  }

  /** Queues `item` at the end of `flow`'s queue (a new flow takes its turn after the others). */
  push(flow: string, item: T): void {
    const queue = this.flows.get(flow);
    if (queue) queue.push(item);
    else this.flows.set(flow, [item]);
    this.count++;
  }

  /** Takes the first item of the flow whose turn it is; that flow's next turn comes after the others'. */
  shift(): T | undefined {
    for (const [flow, queue] of this.flows) {
      const item = queue.shift()!;
      this.flows.delete(flow);
      if (queue.length > 0) this.flows.set(flow, queue);
      this.count--;
      return item;
    }
    return undefined;
  }

  /** Removes `item` from `flow`'s queue; false when it was not there. */
  remove(flow: string, item: T): boolean {
    const queue = this.flows.get(flow);
    const i = queue ? queue.indexOf(item) : -1;
    if (i < 0) return false;
    queue!.splice(i, 1);
    if (queue!.length === 0) this.flows.delete(flow);
    this.count--;
    return true;
  }
}
