import { type Clock } from '@wheelhouse/machinery';

export { type Clock, type TimerHandle, realClock } from '@wheelhouse/machinery';

/**
 * Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as `signal`
 * aborts (at once if it already has). The timer is cleared on abort.
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
