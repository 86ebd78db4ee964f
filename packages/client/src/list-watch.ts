import type { WatchEvent } from './watch.js';

/** Options of one list call (one page). */
export interface ListOptions {
  /** '' for a consistent read of the latest state; a continue token carries its own version. */
  resourceVersion?: string;
  limit?: number;
  continue?: string;
  signal?: AbortSignal;
}

/** One page of a list. */
export interface ListPage<T> {
  items: T[];
  /** The collection's version at the time of the (first page's) read. */
  resourceVersion: string;
  /** Set when more pages follow. */
  continue?: string;
}

/** Options of one watch call. */
export interface WatchOptions {
  /** Events after this version are sent. */
  resourceVersion: string;
  /** The reflector always asks for bookmarks. */
  allowWatchBookmarks: boolean;
  /**
   * Streaming list: the server first sends the current state as ADDED events, then a BOOKMARK
   * annotated `k8s.io/initial-events-end: "true"`, then changes. Sent with
   * resourceVersionMatch NotOlderThan. A server without it rejects the watch.
   */
  sendInitialEvents?: boolean;
  resourceVersionMatch?: 'NotOlderThan';
  /** Ask the server to end the watch after this long, so it is renewed regularly. */
  timeoutSeconds?: number;
  /** Aborting it ends the watch; the iterable then finishes or throws the abort reason. */
  signal: AbortSignal;
}

/**
 * What a reflector needs from the API for one resource (and selector): the REST client
 * implements it, tests use an in-memory one. `list` rejects with an ExpiredError (410) for a
 * continue token that is too old; `watch` rejects or throws ExpiredError when the version is
 * compacted, and throws other errors on transport failures.
 */
export interface ListerWatcher<T> {
  list(options: ListOptions): Promise<ListPage<T>>;
  watch(options: WatchOptions): AsyncIterable<WatchEvent<T>> | Promise<AsyncIterable<WatchEvent<T>>>;
}
