import type { Event } from '@wheelhouse/api';
import type { EventPatch, EventSink } from '@wheelhouse/client';
import { type StatusErrorFactory, type StatusErrorOptions, failure } from './status-error.js';

/**
 * An in-memory EventSink (a test helper): stores Events by
 * namespace/name, applies patches as a strategic merge of the three scalar fields, and can be
 * told to fail the next calls with a given error.
 */
export class MemoryEventSink implements EventSink {
  readonly events = new Map<string, Event>();
  readonly calls: string[] = [];
  private rv = 0;
  /** Errors thrown by the next calls, in order. */
  readonly failNext: unknown[] = [];
  private readonly statusError: StatusErrorFactory;

  /** Errors are built by `statusError` (the client's `apiErrorFromStatus`). */
  constructor(options: StatusErrorOptions) {
    this.statusError = options.statusError;
  }

  /** Stores a copy with a new resourceVersion; AlreadyExists if the name is taken. */
  async create(namespace: string, event: Event): Promise<Event> {
    this.calls.push(`create ${namespace}/${event.metadata?.name} count=${event.count}`);
    this.maybeFail();
    const key = `${namespace}/${event.metadata?.name}`;
    if (this.events.has(key)) throw this.status('AlreadyExists', 409);
    return this.put(key, event);
  }

  /** Merges `patch` into the stored Event; NotFound if there is none. */
  async patch(namespace: string, name: string, patch: EventPatch): Promise<Event> {
    this.calls.push(`patch ${namespace}/${name} count=${patch.count}`);
    this.maybeFail();
    const key = `${namespace}/${name}`;
    const current = this.events.get(key);
    if (!current) throw this.status('NotFound', 404);
    return this.put(key, { ...current, ...patch });
  }

  /** All stored Events, in creation order. */
  list(): Event[] {
    return [...this.events.values()].map((e) => structuredClone(e));
  }

  private maybeFail(): void {
    if (this.failNext.length > 0) throw this.failNext.shift();
  }

  private status(reason: string, code: number): Error {
    return this.statusError(failure(reason, code, `events ${reason}`));
  }

  private put(key: string, event: Event): Event {
    const stored = structuredClone({ ...event, metadata: { ...event.metadata, resourceVersion: String(++this.rv) } });
    this.events.set(key, stored);
    return structuredClone(stored);
  }
}
