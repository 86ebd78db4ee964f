/** Readiness probes of the components `wheelhouse up` starts. */
import { readFile } from 'node:fs/promises';

/** How often a starting component is probed. */
const PROBE_INTERVAL_MS = 50;

/** Whether GET `url` answers 200 within `timeoutMs` (any failure: false). */
export async function answers200(url: string, timeoutMs = 2_000): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(timeoutMs) }).then(
    async (r) => {
      await r.body?.cancel();
      return r.status === 200;
    },
    () => false,
  );
}

/** Resolves once `check` is true, or when `signal` aborts. */
export async function until(check: () => Promise<boolean>, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS));
  }
}

/** The admin URL in a kubelet's admin port file, once written. */
export async function adminUrl(file: string): Promise<string | undefined> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (!text) return undefined;
  try {
    return (JSON.parse(text) as { url?: string }).url;
  } catch {
    return undefined;
  }
}
