import type { Event } from '@wheelhouse/api';
import type { EventPatch, EventSink } from '@wheelhouse/client';
import { KubeletError } from '../errors.js';

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
  /** Set by {@link close}: the one error every later write is refused with (a backlog of thousands need not build a stack each). */
  private closed: KubeletError | undefined;

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

  /**
   * Refuses writes from now on (a KubeletError Stopping): those waiting for a slot at once,
   * later ones as they come. Writes in flight finish.
   */
  close(): void {
    this.closed ??= new KubeletError('Stopping', {});
    for (const resume of this.waiting.splice(0)) resume();
  }

  private async run<T>(write: () => Promise<T>): Promise<T> {
    if (this.closed) throw this.closed;
    if (this.running < this.limit) this.running++;
    else {
      // A freed slot passes straight to the next waiter, so `running` stays counted for it.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
      if (this.closed) throw this.closed;
    }
    try {
      return await write();
    } finally {
      const next = this.closed ? undefined : this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
