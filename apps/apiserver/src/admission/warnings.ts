/**
 * Warnings admission adds to the response of the request it runs for (kube's
 * warning.AddWarning on the request context): the HTTP layer runs each request in a recorder,
 * and sends what was added as `Warning: 299 - "..."` headers, on success and on refusal alike.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const recorder = new AsyncLocalStorage<string[]>();

/** Adds a warning to the current request's response (nothing outside a recording request). Duplicates are dropped. */
export function addWarning(text: string): void {
  const list = recorder.getStore();
  if (list && !list.includes(text)) list.push(text);
}

/** Runs `fn` recording the warnings added meanwhile in `into` (which the caller then sends). */
export function recordWarnings<T>(into: string[], fn: () => Promise<T>): Promise<T> {
  return recorder.run(into, fn);
}
