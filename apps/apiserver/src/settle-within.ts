/** Waiting on work for a bounded time, as a stop does before it goes on without it. */

/**
 * Resolves true once `work` resolves, false once `ms` have passed first (the work runs on);
 * rejects as `work` does if it fails first. The timer never outlives the wait.
 */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}
