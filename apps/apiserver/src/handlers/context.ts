/**
 * The types every handler shares: what a handler needs from the server (HandlerContext),
 * the request as it sees it (ObjectRequest) and what it answers (Reply).
 */
import type { Logger } from 'pino';
import type { Admit } from '../admission/admission.js';
import type { Query, Target } from '../http/request.js';
import type { ServiceAllocator } from '../registry/services.js';
import type { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';

/** What the object handlers need. */
export interface HandlerContext {
  storage: ObjectStorage;
  cache: WatchCache;
  now: () => number;
  /** Mutating admission for new objects. */
  admit: Admit;
  services: ServiceAllocator;
  log: Logger;
}

/** A response: HTTP code, JSON body and any warnings (sent as `Warning` headers). */
export interface Reply {
  code: number;
  body: unknown;
  /** The body already serialized as JSON: sent as is instead of `body`. */
  json?: string | Buffer;
  warnings?: string[];
}

/** The request as the handlers see it. */
export interface ObjectRequest {
  target: Target;
  query: Query;
  body: unknown;
  contentType: string | undefined;
  userAgent?: string | undefined;
}
