/** Readiness probes of the components `wheelhouse up` starts. */
import { readFile } from 'node:fs/promises';
import { httpJson } from './http-json.js';

/** How often a starting component is probed. */
const PROBE_INTERVAL_MS = 50;

/**
 * The environment variable that makes the launcher (bin/wheelhouse.mjs) of a child load its
 * code at once but run it only once GET of its value answers 200.
 */
export const WAIT_FOR_ENV = 'WHEELHOUSE_WAIT_FOR';

/**
 * Whether GET `url` (http) answers 200 within `timeoutMs` (any failure: false). Plain
 * node:http ({@link httpJson}) rather than fetch: probes run many times while the plane
 * starts, and undici costs far more CPU per request.
 */
export async function answers200(url: string, timeoutMs = 2_000): Promise<boolean> {
  return httpJson(url, 'GET', undefined, timeoutMs).then(
    (a) => a.status === 200,
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

/** Resolves when `signal` aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/**
 * A readiness check that begins only once `gate` resolves: a child that waits for another
 * (WAIT_FOR_ENV) cannot be ready before it, and probing it meanwhile would only burn CPU on
 * refused connections while the plane starts.
 */
export function gated(
  gate: Promise<unknown>,
  ready: (signal: AbortSignal) => Promise<void>,
): (signal: AbortSignal) => Promise<void> {
  return async (signal) => {
    await Promise.race([gate, aborted(signal)]);
    if (!signal.aborted) await ready(signal);
  };
}

/** A readiness check that also resolves `opened` (a gate of others) once it passes. */
export function opening(
  ready: (signal: AbortSignal) => Promise<void>,
  opened: () => void,
): (signal: AbortSignal) => Promise<void> {
  return async (signal) => {
    await ready(signal);
    if (!signal.aborted) opened();
  };
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
