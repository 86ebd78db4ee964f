import type { Logger } from 'pino';
import { findApiError, isExpired, isTooManyRequests } from './api-errors.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { type Clock, realClock } from './clock.js';
import type { ListerWatcher, ListPage, WatchOptions } from './list-watch.js';
import { defaultLogger } from './logger.js';
import type { ObjectWithMetadata } from '@wheelhouse/api';
import { objectKey } from './object.js';
import type { WatchEvent } from './watch.js';

/** Where a reflector puts what it lists and watches (the informer implements it). */
export interface ReflectorStore<T> {
  /** The complete state as of `resourceVersion`, after a (re)list. */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

/** Options of a {@link Reflector}. */
export interface ReflectorOptions<T> {
  /** Names the reflector in logs (e.g. "pods"). */
  name: string;
  listerWatcher: ListerWatcher<T>;
  store: ReflectorStore<T>;
  /** Items per list page (default 500). */
  pageSize?: number;
  /** Watches are renewed after a random 1-2x this many seconds (default 300). */
  minWatchTimeoutSeconds?: number;
  clock?: Clock;
  logger?: Logger;
  /** Backoff between failed attempts (default 1 s to 30 s, jittered, reset after 2 stable minutes). */
  backoff?: Omit<BackoffOptions, 'clock'>;
  /** Returns a number in [0, 1); default Math.random. */
  random?: () => number;
  /**
   * Sync through a streaming list (a watch with sendInitialEvents) where the server offers it
   * (default true). A failure before the initial state is complete falls back to paginated
   * listing for that sync; a server that refuses the request (a 4xx other than 410 and 429) is
   * remembered as not offering it, and later syncs list straight away. false: always list.
   */
  useWatchList?: boolean;
}

/** The annotation that marks the bookmark ending a streaming list's initial events. */
export const INITIAL_EVENTS_END_ANNOTATION = 'k8s.io/initial-events-end';

function endsInitialEvents(event: WatchEvent<ObjectWithMetadata>): boolean {
  const annotations = event.object.metadata.annotations as Record<string, string> | undefined;
  return event.type === 'BOOKMARK' && annotations?.[INITIAL_EVENTS_END_ANNOTATION] === 'true';
}

/** Reads the initial events of a streaming list up to its closing bookmark. */
async function readInitialEvents<T extends ObjectWithMetadata>(
  it: AsyncIterator<WatchEvent<T>>,
): Promise<{ items: T[]; resourceVersion: string }> {
  const initial = new Map<string, T>();
  for (let r = await it.next(); !r.done; r = await it.next()) {
    const ev = r.value;
    if (endsInitialEvents(ev))
      return { items: [...initial.values()], resourceVersion: ev.object.metadata.resourceVersion ?? '' };
    if (ev.type === 'DELETED') initial.delete(objectKey(ev.object));
    else if (ev.type !== 'BOOKMARK') initial.set(objectKey(ev.object), ev.object);
  }
  throw new Error('the streaming list ended before its initial events were complete');
}

/** True when the server rejected a streaming list as a request it does not serve (not a transient failure). */
function refusesWatchList(err: unknown): boolean {
  const code = findApiError(err)?.code ?? 0;
  return code >= 400 && code < 500 && !isExpired(err) && !isTooManyRequests(err);
}

/** Why the watch loop returned. */
type WatchExit = 'expired' | 'aborted';

/**
 * client-go's Reflector: syncs through a streaming list where the server offers one, else
 * lists the resource (paginated; falling back to one full list if a continue token expires),
 * hands the result to the store, then watches from the list's resourceVersion, applying each
 * event. Bookmarks move the version forward without changes.
 * A watch that ends is resumed from the last version seen; a 410 Expired/Gone relists; other
 * failures wait a jittered backoff (1 s up to 30 s) and retry. Stops when the signal aborts.
 */
export class Reflector<T extends ObjectWithMetadata> {
  private readonly o: ReflectorOptions<T>;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly backoff: Backoff;
  private readonly random: () => number;
  private rv = '';
  private watchListOffered: boolean;

  /** Builds a reflector; nothing happens until {@link run}. */
  constructor(options: ReflectorOptions<T>) {
    this.o = options;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.log = (options.logger ?? defaultLogger('reflector')).child({ reflector: options.name });
    this.backoff = new Backoff({ ...options.backoff, clock: this.clock, random: this.random });
    this.watchListOffered = options.useWatchList ?? true;
  }

  /** The resourceVersion the store is current to ('' before the first list). */
  lastSyncResourceVersion(): string {
    return this.rv;
  }

  /** Lists and watches until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.log.warn({ err }, 'list failed; backing off');
        if (!(await this.pause(signal))) break;
      }
    }
  }

  private async listAndWatch(signal: AbortSignal): Promise<void> {
    const stream = this.watchListOffered ? await this.watchList(signal) : undefined;
    if (!stream) {
      const { items, resourceVersion } = await this.list(signal);
      if (signal.aborted) return;
      this.sync(items, resourceVersion);
    }
    if ((await this.watchLoop(signal, stream)) === 'expired')
      this.log.info({ resourceVersion: this.rv }, 'watch expired; relisting');
  }

  private sync(items: T[], resourceVersion: string): void {
    this.o.store.replace(items, resourceVersion);
    this.rv = resourceVersion;
    this.log.debug({ items: items.length, resourceVersion }, 'synced');
  }

  /** Syncs through a streaming list; returns the open stream, or undefined to fall back to listing. */
  private async watchList(signal: AbortSignal): Promise<AsyncIterator<WatchEvent<T>> | undefined> {
    let it: AsyncIterator<WatchEvent<T>> | undefined;
    try {
      const stream = await this.openWatch(signal, {
        resourceVersion: '',
        sendInitialEvents: true,
        resourceVersionMatch: 'NotOlderThan',
      });
      it = stream[Symbol.asyncIterator]();
      const { items, resourceVersion } = await readInitialEvents(it);
      if (signal.aborted) throw signal.reason;
      this.sync(items, resourceVersion);
      return it;
    } catch (err) {
      await Promise.resolve(it?.return?.()).catch(() => undefined);
      if (signal.aborted) return undefined;
      if (refusesWatchList(err)) {
        this.watchListOffered = false;
        this.log.info({ err }, 'the server does not offer streaming lists; listing from now on');
      } else this.log.warn({ err }, 'streaming list failed; falling back to list');
      return undefined;
    }
  }

  /** All pages of a consistent list; a 410 on a continue token falls back to one unpaginated list. */
  private async list(signal: AbortSignal): Promise<{ items: T[]; resourceVersion: string }> {
    const limit = this.o.pageSize ?? 500;
    const items: T[] = [];
    let page: ListPage<T> = await this.o.listerWatcher.list({ resourceVersion: '', limit, signal });
    const resourceVersion = page.resourceVersion;
    items.push(...page.items);
    while (page.continue) {
      try {
        page = await this.o.listerWatcher.list({ limit, continue: page.continue, signal });
      } catch (err) {
        if (!isExpired(err)) throw err;
        this.log.info({}, 'continue token expired; listing in full');
        const full = await this.o.listerWatcher.list({ resourceVersion: '', signal });
        return { items: full.items, resourceVersion: full.resourceVersion };
      }
      items.push(...page.items);
    }
    return { items, resourceVersion };
  }

  /** Watches from the current version (first on `stream`, if given) until it expires or `signal` aborts. */
  private async watchLoop(signal: AbortSignal, stream?: AsyncIterator<WatchEvent<T>>): Promise<WatchExit> {
    while (!signal.aborted) {
      const first = stream;
      stream = undefined;
      try {
        if (first) await this.drain(first, signal);
        else await this.watchOnce(signal);
      } catch (err) {
        if (signal.aborted) break;
        if (isExpired(err)) return 'expired';
        this.log.warn({ err, resourceVersion: this.rv }, 'watch failed; backing off');
        if (!(await this.pause(signal))) break;
      }
    }
    return 'aborted';
  }

  private async openWatch(
    signal: AbortSignal,
    extra: Partial<WatchOptions> = {},
  ): Promise<AsyncIterable<WatchEvent<T>>> {
    const min = this.o.minWatchTimeoutSeconds ?? 300;
    const timeoutSeconds = Math.floor(min * (1 + this.random()));
    return this.o.listerWatcher.watch({
      resourceVersion: this.rv,
      allowWatchBookmarks: true,
      timeoutSeconds,
      signal,
      ...extra,
    });
  }

  /** One watch; throws if it ended within a second without any event (the server is unwell). */
  private async watchOnce(signal: AbortSignal): Promise<void> {
    const started = this.clock.now();
    const stream = await this.openWatch(signal);
    const events = await this.drain(stream[Symbol.asyncIterator](), signal);
    if (events === 0 && this.clock.now() - started < 1000 && !signal.aborted) {
      throw new Error('very short watch: the watch closed within a second without any event');
    }
  }

  /** Applies events until the stream ends or `signal` aborts; returns how many it applied. */
  private async drain(it: AsyncIterator<WatchEvent<T>>, signal: AbortSignal): Promise<number> {
    let events = 0;
    try {
      for (let r = await it.next(); !r.done && !signal.aborted; r = await it.next()) {
        this.apply(r.value);
        events++;
      }
    } finally {
      await it.return?.();
    }
    return events;
  }

  private apply(event: WatchEvent<T>): void {
    const rv = event.object.metadata.resourceVersion;
    if (event.type === 'ADDED') this.o.store.add(event.object);
    else if (event.type === 'MODIFIED') this.o.store.update(event.object);
    else if (event.type === 'DELETED') this.o.store.delete(event.object);
    if (rv) this.rv = rv;
  }

  /** Waits the next backoff delay; false if aborted meanwhile. */
  private pause(signal: AbortSignal): Promise<boolean> {
    return this.backoff.wait(signal).then(
      () => true,
      () => false,
    );
  }
}
