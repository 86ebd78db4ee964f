import type { Event } from '@wheelhouse/api';
import type { EventPatch, EventSink } from '@wheelhouse/client';

/**
 * Event writes of one kubelet process at once, across all its nodes. A real kubelet writes its
 * node's Events one at a time (client-go's broadcaster) on a connection of its own; here one
 * process hosts up to 1,000 nodes, and 1,000 serial writers at once would queue ahead of the
 * pod status writes in the API server (a pod's Running waited behind Events of other pods).
 * Each node's Events still go in order, one at a time; together they take at most this many
 * requests, and the Events follow the status writes instead of delaying them.
 */
export const EVENT_WRITES_IN_FLIGHT = 8;

/** An EventSink shared by every node's recorder: at most `limit` writes in flight, the rest wait in order. */
export class SharedEventSink implements EventSink {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  /** Writes through `sink`, `limit` at a time. */
  constructor(
    private readonly sink: EventSink,
    private readonly limit = EVENT_WRITES_IN_FLIGHT,
  ) {}

  /** Creates an Event once a slot is free. */
  create(namespace: string, event: Event): Promise<Event> {
    return this.run(() => this.sink.create(namespace, event));
  }

  /** Patches an Event (a repeat's count) once a slot is free. */
  patch(namespace: string, name: string, patch: EventPatch): Promise<Event> {
    return this.run(() => this.sink.patch(namespace, name, patch));
  }

  /** Writes in flight now. */
  get inFlight(): number {
    return this.running;
  }

  private async run<T>(write: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++;
    // A freed slot passes straight to the next waiter, so `running` stays counted for it.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await write();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
