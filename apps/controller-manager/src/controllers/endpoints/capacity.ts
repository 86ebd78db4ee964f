/**
 * The 1000-address cap of an Endpoints object (kube's truncateEndpoints): above it, ready
 * addresses are kept first, each subset keeping its share; the object then carries
 * endpoints.kubernetes.io/over-capacity: truncated.
 */
import type { EndpointSubset } from '@wheelhouse/api';

/** The most addresses one Endpoints holds. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
/** The annotation marking truncated Endpoints. */
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

/** All addresses of the subsets, ready and not ready. */
export function addressCount(subsets: readonly EndpointSubset[]): number {
  return subsets.reduce((n, s) => n + (s.addresses ?? []).length + (s.notReadyAddresses ?? []).length, 0);
}

/** The subsets cut down to the cap (a copy), or undefined when they fit. */
export function truncateSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] | undefined {
  if (addressCount(subsets) <= MAX_ENDPOINTS_CAPACITY) return undefined;
  const ready = subsets.reduce((n, s) => n + (s.addresses ?? []).length, 0);
  const cutReady = ready > MAX_ENDPOINTS_CAPACITY;
  const max = cutReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - ready;
  const total = cutReady ? ready : addressCount(subsets) - ready;
  let room = max;
  return subsets.map((s) => {
    const list = (cutReady ? s.addresses : s.notReadyAddresses) ?? [];
    const keep = Math.min(room, Math.floor((list.length / total) * max));
    room -= keep;
    const out: EndpointSubset = { ...s };
    if (cutReady) {
      out.addresses = list.slice(0, keep);
      delete out.notReadyAddresses;
    } else out.notReadyAddresses = list.slice(0, keep);
    for (const k of ['addresses', 'notReadyAddresses'] as const) if ((out[k] ?? []).length === 0) delete out[k];
    return out;
  });
}
