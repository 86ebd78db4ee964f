/** What a handler needs from the server: storage, the watch cache, the clock, admission and each kind's hooks. */
import type { Logger } from 'pino';
import type { Admit } from '../admission/admission.js';
import type { KindHooksOf } from '../registry/hooks.js';
import type { ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';

/** What the object handlers need. */
export interface HandlerContext {
  storage: ObjectStorage;
  cache: WatchCache;
  now: () => number;
  /** Admission for new objects (mutating and validating plugins, in order). */
  admit: Admit;
  /** The per-kind hooks (allocators, graceful deletion, a kind's own delete and subresources). */
  hooks: KindHooksOf;
  log: Logger;
}
