/**
 * Periodic compaction of the store's history, as kube-apiserver's
 * `--etcd-compaction-interval`: every interval, compact to the revision seen one interval
 * earlier, so watches and continue tokens younger than one interval stay valid.
 */
import type { Logger } from 'pino';
import type { KvStore } from './kv.js';

/** Parses a Go-style duration (`300ms`, `30s`, `5m`, `1h`, `1h30m`, `0`) into ms; throws on anything else. */
export function parseDuration(s: string): number {
  if (s === '0') return 0;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s) throw new Error(`invalid duration "${s}" (e.g. 5m, 30s, 1h30m, or 0 to disable)`);
  return parts.reduce((ms, p) => ms + Number(p[1]) * units[p[2]!]!, 0);
}

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
