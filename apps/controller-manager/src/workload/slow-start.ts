/** kube's SlowStartInitialBatchSize: the first batch of creations has one. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** What {@link slowStartBatch} did: how many calls succeeded, and the first error if a batch failed. */
export interface SlowStartResult {
  successes: number;
  error?: unknown;
}

/**
 * Calls `fn` `count` times in batches of 1, 2, 4, ... (kube's slowStartBatch): each batch runs
 * concurrently, and a batch with any failure ends the run after it completes, so a create that
 * fails for every pod (quota, validation) costs one request, not hundreds. `fn` gets the call's
 * index (0..count-1).
 */
export async function slowStartBatch(
  count: number,
  fn: (index: number) => Promise<void>,
  initialBatchSize = SLOW_START_INITIAL_BATCH_SIZE,
): Promise<SlowStartResult> {
  let successes = 0;
  let pos = 0;
  for (let size = Math.min(count, initialBatchSize); size > 0; size = Math.min(2 * size, count - pos)) {
    const results = await Promise.allSettled(Array.from({ length: size }, (_, i) => fn(pos + i)));
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += size - failed.length;
    pos += size;
    if (failed.length > 0) return { successes, error: failed[0]!.reason };
  }
  return { successes };
}
