/**
 * One writer at a time per key: the apiserver's read-modify-write updates of one object
 * queue up behind each other instead of racing on the store's compare, so N concurrent
 * updates of one object cost N store writes, not N² failed compares (they still retry on
 * a conflict with a writer outside this process).
 */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` once every task queued before it for `key` has settled; resolves or rejects as it does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
