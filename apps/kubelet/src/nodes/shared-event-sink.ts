import type { Event } from '@wheelhouse/api';
import { ConcurrencyLimit, type EventPatch, type EventSink } from '@wheelhouse/client';
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
  private readonly slots: ConcurrencyLimit;

  /** Writes through `sink`, `limit` at a time. */
  constructor(
    private readonly sink: EventSink,
    limit = EVENT_WRITES_IN_FLIGHT,
  ) {
    this.slots = new ConcurrencyLimit(limit);
  }

  /** Creates an Event once a slot is free. */
  create(namespace: string, event: Event): Promise<Event> {
    return this.slots.run(() => this.sink.create(namespace, event));
  }

  /** Patches an Event (a repeat's count) once a slot is free. */
  patch(namespace: string, name: string, patch: EventPatch): Promise<Event> {
    return this.slots.run(() => this.sink.patch(namespace, name, patch));
  }

  /** Writes in flight now. */
  get inFlight(): number {
    return this.slots.inFlight;
  }

  /**
   * Refuses writes from now on (a KubeletError Stopping, one for all: a backlog of thousands
   * need not build a stack each): those waiting for a slot at once, later ones as they come.
   * Writes in flight finish.
   */
  close(): void {
    this.slots.close(new KubeletError('Stopping', {}));
  }
}
