/**
 * Periodic compaction of the store's history, as kube-apiserver's
 * `--etcd-compaction-interval`: every interval, compact to the revision seen one interval
 * earlier, so watches and continue tokens younger than one interval stay valid.
 */
import type { Logger } from 'pino';
import type { KvStore } from './kv.js';

/** A running compactor; `stop` cancels its timer. */
export interface Compactor {
  stop(): void;
}

/** Starts compacting every `intervalMs` (0 disables). Failures are logged and retried next time. */
export function startCompactor(kv: KvStore, intervalMs: number, log: Logger): Compactor {
  if (intervalMs <= 0) return { stop: () => undefined };
  let previous = 0;
  const tick = async (): Promise<void> => {
    try {
      const current = await kv.currentRevision();
      if (previous > 0 && previous < current) {
        await kv.compact(previous);
        log.info({ revision: previous }, 'compacted store history');
      }
      previous = current;
    } catch (err) {
      log.warn({ err }, 'store compaction failed');
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
