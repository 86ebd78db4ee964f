/**
 * Auto compaction as etcd 3.4's compactors. Periodic: every retention/10 (at most every
 * 6 minutes) note the current revision, and once a full retention has passed since the
 * last compaction (later: since the last one, at most an hour) compact to the revision
 * noted `retention` ago. Revision: every 5 minutes compact to current - retention.
 * Timers are the global ones, looked up at call time so fake timers can drive them.
 */
import type { Logger } from 'pino';
import { isStoreError } from '../errors.js';
import type { AutoCompaction } from './types.js';

const HOUR = 3_600_000;
/** etcd's revision compactor interval. */
export const REVISION_INTERVAL_MS = 5 * 60_000;

/** What a compactor needs from the engine. */
export interface CompactTarget {
  revision(): number;
  compact(rev: number): Promise<unknown>;
  now(): number;
  log: Logger;
}

/** Starts a compactor; returns its stop function. */
export function startAutoCompaction(cfg: AutoCompaction, t: CompactTarget): () => void {
  if (!(cfg.retention > 0)) throw new Error(`autoCompaction.retention must be positive, got ${cfg.retention}`);
  return cfg.mode === 'periodic' ? periodic(cfg.retention, t) : byRevision(cfg.retention, t);
}

function periodic(period: number, t: CompactTarget): () => void {
  const compactInterval = Math.min(period, HOUR);
  const retry = compactInterval / 10;
  const retentions = Math.floor(period / retry) + 1;
  const revs: number[] = [t.revision()];
  let lastSuccess = t.now();
  let base = period;
  let busy = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    if (!busy && t.now() - lastSuccess >= base) {
      if (base === period) base = compactInterval;
      const rev = revs[0]!;
      busy = true;
      t.compact(rev)
        .then(
          () => (lastSuccess = t.now()),
          (err: unknown) => {
            if (isStoreError(err, 'Compacted')) lastSuccess = t.now();
            else t.log.warn({ err, rev }, 'auto compaction failed');
          },
        )
        .finally(() => (busy = false));
    }
    revs.push(t.revision());
    if (revs.length > retentions) revs.shift();
    timer = arm(tick, retry);
  };
  timer = arm(tick, retry);
  return () => clearTimeout(timer);
}

function byRevision(retention: number, t: CompactTarget): () => void {
  let prev = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    const rev = t.revision() - retention;
    if (rev > 0 && rev !== prev) {
      t.compact(rev).then(
        () => (prev = rev),
        (err: unknown) => {
          if (isStoreError(err, 'Compacted')) prev = rev;
          else t.log.warn({ err, rev }, 'auto compaction failed');
        },
      );
    }
    timer = arm(tick, REVISION_INTERVAL_MS);
  };
  timer = arm(tick, REVISION_INTERVAL_MS);
  return () => clearTimeout(timer);
}

function arm(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, ms);
  timer.unref?.();
  return timer;
}
