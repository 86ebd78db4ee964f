import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import type { Event, ObjectReference } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';
import { ApiError, isNotFound } from './api-errors.js';
import { type Clock, realClock, sleep } from './clock.js';
import { type Correlation, type CorrelatorOptions, EventCorrelator } from './event-correlator.js';
import type { EventSink, EventType, RecordedEvent } from './event-types.js';
import { ClientError } from './errors.js';
import { defaultLogger } from './logger.js';

/** An object an Event can be about: a reference, or any object with kind and metadata. */
export type EventSubject =
  | ObjectReference
  | {
      apiVersion?: string;
      kind?: string;
      metadata: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
    };

/** Options of an {@link EventRecorder}. */
export interface EventRecorderOptions {
  sink: EventSink;
  /** `source.component`, e.g. "default-scheduler" (kubectl describe's From column). */
  component: string;
  /** `source.host`, e.g. the node name of a kubelet. */
  host?: string;
  clock?: Clock;
  logger?: Logger;
  /** Aggregation and spam-filter tunables. */
  correlator?: Omit<CorrelatorOptions, 'clock'>;
  /** Events waiting to be written beyond this are dropped (default 1000). */
  maxPending?: number;
  /** Writes per Event before giving up on transport errors (default 12). */
  maxTries?: number;
  /** Wait between tries; the first wait is a random part of it (default 10 000 ms). */
  retryDelayMs?: number;
  /** Returns a number in [0, 1); default Math.random. */
  random?: () => number;
}

function referenceOf(subject: EventSubject): ObjectReference {
  const ref: ObjectReference =
    'metadata' in subject
      ? { kind: subject.kind, apiVersion: subject.apiVersion, ...subject.metadata }
      : { ...subject };
  const picked = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;
  return Object.fromEntries(picked.filter((k) => ref[k] !== undefined && ref[k] !== '').map((k) => [k, ref[k]]));
}

/**
 * Records core/v1 Events the way kubectl describe shows them (client-go's EventRecorder).
 * `event` never blocks or throws: Events are correlated (repeats counted into one Event by
 * a patch, similar ones combined, spam dropped; see {@link EventCorrelator}) and written in
 * order in the background. Transport errors are retried (up to `maxTries`, `retryDelayMs`
 * apart); a Status error from the server is logged and the Event dropped, except that a
 * patch of an Event that is gone falls back to creating it.
 */
export class EventRecorder {
  private readonly o: Required<Omit<EventRecorderOptions, 'host' | 'correlator'>> & { host: string | undefined };
  private readonly correlator: EventCorrelator;
  private readonly log: Logger;
  private readonly stopping = new AbortController();
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  // Event names are <object>.<hex nanoseconds>; our clock has ms, so the nanosecond digits
  // count up from a random start to keep names unique within and across recorders.
  private seq = randomInt(1_000_000);

  /** Throws InvalidOption without a component. */
  constructor(options: EventRecorderOptions) {
    if (!options.component)
      throw new ClientError('InvalidOption', { option: 'component', problem: 'must not be empty' });
    const clock = options.clock ?? realClock;
    this.o = {
      sink: options.sink,
      component: options.component,
      host: options.host,
      clock,
      logger: options.logger ?? defaultLogger('event-recorder'),
      maxPending: options.maxPending ?? 1000,
      maxTries: options.maxTries ?? 12,
      retryDelayMs: options.retryDelayMs ?? 10_000,
      random: options.random ?? Math.random,
    };
    this.correlator = new EventCorrelator({ ...options.correlator, clock });
    this.log = this.o.logger.child({ component: options.component });
  }

  /**
   * Records that `reason` happened to `subject` with a human-readable `message`. An Event type
   * other than Normal or Warning is logged and dropped, as are Events after {@link shutdown}
   * and beyond `maxPending`.
   */
  event(subject: EventSubject, type: EventType, reason: string, message: string): void {
    if (type !== 'Normal' && type !== 'Warning') return void this.log.error({ type, reason }, 'unsupported event type');
    if (this.stopping.signal.aborted) return void this.log.warn({ reason }, 'event recorded after shutdown; dropped');
    if (this.pending >= this.o.maxPending) return void this.log.warn({ reason }, 'too many pending events; dropped');
    const ev = this.makeEvent(referenceOf(subject), type, reason, message);
    this.pending++;
    this.tail = this.tail.then(() => this.process(ev)).finally(() => void this.pending--);
  }

  /** Resolves once every Event recorded so far is written or given up. */
  flush(): Promise<void> {
    return this.tail;
  }

  /** Stops accepting Events, cancels retry waits, and resolves once the pending ones are handled. */
  async shutdown(): Promise<void> {
    this.stopping.abort();
    await this.tail;
  }

  private makeEvent(ref: ObjectReference, type: EventType, reason: string, message: string): RecordedEvent {
    const now = this.o.clock.now();
    const stamp = formatTime(now);
    const unique = (BigInt(now) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString(16);
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${ref.name ?? 'unknown'}.${unique}`, namespace: ref.namespace || 'default' },
      involvedObject: ref,
      reason,
      message,
      type,
      source: { component: this.o.component, ...(this.o.host ? { host: this.o.host } : {}) },
      count: 1,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      reportingComponent: this.o.component,
      reportingInstance: this.o.host ?? '',
    };
  }

  private async process(event: RecordedEvent): Promise<void> {
    const c = this.correlator.correlate(event);
    if (c.action === 'drop') return void this.log.debug({ reason: event.reason }, 'event dropped by spam filter');
    for (let tries = 1; ; tries++) {
      try {
        this.correlator.written(c.key, await this.write(c));
        return;
      } catch (err) {
        if (!(await this.shouldRetry(err, tries, c.event))) return;
      }
    }
  }

  private async write(c: Exclude<Correlation, { action: 'drop' }>): Promise<Event> {
    const ns = c.event.metadata.namespace;
    if (c.action === 'patch') {
      try {
        return await this.o.sink.patch(ns, c.event.metadata.name, c.patch);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const { resourceVersion: _rv, ...metadata } = c.event.metadata;
    return this.o.sink.create(ns, { ...c.event, metadata });
  }

  /** Logs the failure; waits and returns true when another try is worth it. */
  private async shouldRetry(err: unknown, tries: number, event: RecordedEvent): Promise<boolean> {
    const fields = { err, reason: event.reason, object: event.involvedObject.name, tries };
    if (this.stopping.signal.aborted) {
      this.log.debug(fields, 'unable to write event while shutting down; dropped');
      return false;
    }
    if (err instanceof ApiError) {
      this.log.warn(fields, 'server rejected event; not retrying');
      return false;
    }
    if (tries >= this.o.maxTries) {
      this.log.error(fields, 'unable to write event; giving up');
      return false;
    }
    this.log.warn(fields, 'unable to write event; will retry');
    const delay = tries === 1 ? this.o.retryDelayMs * this.o.random() : this.o.retryDelayMs;
    return sleep(this.o.clock, delay, this.stopping.signal).then(
      () => true,
      () => false,
    );
  }
}
