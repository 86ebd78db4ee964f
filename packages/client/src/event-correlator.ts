import type { Event } from '@wheelhouse/api';
import { deepClone, formatTime } from '@wheelhouse/machinery';
import { type Clock, realClock } from './clock.js';
import type { EventPatch, RecordedEvent } from './event-types.js';
import { TokenBucket } from './rate-limit.js';

/** What to do with one Event: write it new, patch an earlier one, or drop it as spam. */
export type Correlation =
  | { action: 'create'; event: RecordedEvent; key: string }
  | { action: 'patch'; event: RecordedEvent; patch: EventPatch; key: string }
  | { action: 'drop' };

/** Tunables of the {@link EventCorrelator}; defaults are client-go's. */
export interface CorrelatorOptions {
  clock?: Clock;
  /** Repeats within this window (ms) count into one Event (default 10 min). */
  windowMs?: number;
  /** Distinct messages of similar Events before they are combined into one (default 10). */
  maxSimilar?: number;
  /** Events per object and source allowed at once (default 25) ... */
  spamBurst?: number;
  /** ... then this many per second (default 1/300). */
  spamQps?: number;
  /** Size of each LRU cache (default 4096). */
  cacheSize?: number;
}

/** A Map that forgets its least recently used entry past `max` entries. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}

/** Identity of the object and reporter of an Event, without reason or message. */
function objectKey(e: RecordedEvent): string {
  const o = e.involvedObject;
  return JSON.stringify([e.source.component, e.source.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion]);
}

/** Events with this key are "similar": the same except for the message. */
function similarKey(e: RecordedEvent, object: string): string {
  return JSON.stringify([object, e.type, e.reason, e.reportingComponent, e.reportingInstance]);
}

/** Events with this key are repeats of each other (client-go's getEventKey). */
function repeatKey(e: RecordedEvent, object: string): string {
  return JSON.stringify([object, e.involvedObject.fieldPath, e.type, e.reason, e.message]);
}

interface SimilarRecord {
  messages: Set<string>;
  last: number;
}

interface Observation {
  count: number;
  firstTimestamp: string;
  name: string;
  resourceVersion: string | undefined;
  last: number;
}

/** The message prefix kubectl users see on Events combined from similar ones. */
export const COMBINED_PREFIX = '(combined from similar events): ';

/**
 * client-go's EventCorrelator: decides per Event whether to create it, to count it into an
 * earlier identical one (same object, source, type, reason and message within the window:
 * count + 1 and a new lastTimestamp, sent as a patch), or to drop it as spam (a token bucket
 * per object and source). When more than `maxSimilar` distinct messages arrive for the same
 * object, type and reason within the window, they are combined into one Event whose message
 * starts with {@link COMBINED_PREFIX}. Returned Events are fresh copies the caller may send.
 */
export class EventCorrelator {
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly maxSimilar: number;
  private readonly spamBurst: number;
  private readonly spamQps: number;
  private readonly similar: Lru<SimilarRecord>;
  private readonly seen: Lru<Observation>;
  private readonly spam: Lru<TokenBucket>;

  /** See {@link CorrelatorOptions} for the defaults. */
  constructor(options: CorrelatorOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.windowMs = options.windowMs ?? 600_000;
    this.maxSimilar = options.maxSimilar ?? 10;
    this.spamBurst = options.spamBurst ?? 25;
    this.spamQps = options.spamQps ?? 1 / 300;
    const size = options.cacheSize ?? 4096;
    this.similar = new Lru(size);
    this.seen = new Lru(size);
    this.spam = new Lru(size);
  }

  /** Classifies `event` (not mutated) and records it as seen. */
  correlate(event: RecordedEvent): Correlation {
    // The involved object's key is part of all three keys: made once.
    const object = objectKey(event);
    const { event: aggregated, key } = this.aggregate(event, object);
    const result = this.observe(aggregated, key);
    return this.allowed(object) ? result : { action: 'drop' };
  }

  /** Records what the server stored for `key` (its name, resourceVersion and count). */
  written(key: string, stored: Event): void {
    const obs = this.seen.get(key);
    if (!obs) return;
    obs.name = stored.metadata?.name ?? obs.name;
    obs.resourceVersion = stored.metadata?.resourceVersion;
    obs.count = Math.max(obs.count, stored.count ?? 0);
  }

  private aggregate(event: RecordedEvent, object: string): { event: RecordedEvent; key: string } {
    const now = this.clock.now();
    const skey = similarKey(event, object);
    let rec = this.similar.get(skey);
    if (!rec || now - rec.last > this.windowMs) rec = { messages: new Set(), last: now };
    rec.messages.add(event.message);
    rec.last = now;
    this.similar.set(skey, rec);
    if (rec.messages.size < this.maxSimilar) return { event: deepClone(event), key: repeatKey(event, object) };
    rec.messages.delete(rec.messages.values().next().value as string);
    return { event: { ...deepClone(event), message: COMBINED_PREFIX + event.message }, key: skey };
  }

  private observe(event: RecordedEvent, key: string): Correlation {
    const now = this.clock.now();
    const obs = this.seen.get(key);
    if (!obs || now - obs.last > this.windowMs) {
      const { count, firstTimestamp } = event;
      this.seen.set(key, { count, firstTimestamp, name: event.metadata.name, resourceVersion: undefined, last: now });
      return { action: 'create', event, key };
    }
    obs.count += 1;
    obs.last = now;
    const repeat: RecordedEvent = {
      ...event,
      count: obs.count,
      firstTimestamp: obs.firstTimestamp,
      metadata: { ...event.metadata, name: obs.name },
    };
    if (obs.resourceVersion !== undefined) repeat.metadata.resourceVersion = obs.resourceVersion;
    const patch: EventPatch = { count: obs.count, lastTimestamp: formatTime(now), message: event.message };
    return { action: 'patch', event: repeat, patch, key };
  }

  /** The spam filter: whether the object of `key` (objectKey) may have another Event now. */
  private allowed(key: string): boolean {
    let bucket = this.spam.get(key);
    if (!bucket) bucket = new TokenBucket(this.spamQps, this.spamBurst, this.clock);
    this.spam.set(key, bucket);
    return bucket.tryTake();
  }
}
