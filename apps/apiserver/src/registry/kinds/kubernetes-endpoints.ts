/**
 * The `kubernetes` Service's Endpoints and EndpointSlice in `default`, which kube-apiserver
 * keeps itself (its lease endpoint reconciler; the Service has no selector, so no controller
 * lists pods for it): the advertised address (see advertise-address.ts) of every API server
 * whose master lease is alive (storage/master-leases.ts) and this server's port as `https`. The Endpoints carry endpointslice.kubernetes.io/skip-mirror, the EndpointSlice the
 * Service's name (kube's endpointsadapter). Written at start and every 10 s after (see
 * bootstrap.ts): created again when deleted, rewritten when the address, the port or those
 * labels changed; a slice of the other address family is deleted and created anew. Unlike
 * kube, whose periodic rounds leave the ports as they are (reconcilePorts false), every round
 * puts this server's port back, so a restart on another --port is followed.
 */
import { isIP } from 'node:net';
import type { ApiObject } from '@wheelhouse/api';
import { jsonEqual } from '../../object.js';
import type { KindHooks, ServerEnv } from '../hooks.js';

const NAME = 'kubernetes';
const PORT_NAME = 'https';
const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';

/** The addresses to list: those the endpoint reconciler gives (bootstrap.ts); none without them. */
const addressesOf = (env: ServerEnv): readonly string[] => env.endpointAddresses ?? [];

function kubernetesEndpoints(addresses: readonly string[], port: number): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: NAME, namespace: 'default', labels: { [SKIP_MIRROR]: 'true' } },
    subsets: [{ addresses: addresses.map((ip) => ({ ip })), ports: [{ name: PORT_NAME, port, protocol: 'TCP' }] }],
  };
}

/** As kube 1.32's endpointsadapter mirrors the Endpoints: IPv6 if every address is, else IPv4; one endpoint per address. */
function kubernetesEndpointSlice(addresses: readonly string[], port: number): ApiObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: NAME, namespace: 'default', labels: { 'kubernetes.io/service-name': NAME } },
    addressType: addresses.every((ip) => isIP(ip) === 6) ? 'IPv6' : 'IPv4',
    endpoints: addresses.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: PORT_NAME, port, protocol: 'TCP' }],
  };
}

/**
 * `existing` with `fields` and the labels as `expected` has them, or undefined when they are
 * so already. `mergeLabels`: `expected`'s labels are added to the others (kube sets the
 * Endpoints' skip-mirror label only) instead of replacing them (the slice's).
 */
function reconciled(
  existing: ApiObject,
  expected: ApiObject,
  fields: readonly string[],
  mergeLabels: boolean,
): ApiObject | undefined {
  const want = expected.metadata.labels ?? {};
  const labels = mergeLabels ? { ...existing.metadata.labels, ...want } : want;
  const same = fields.every((f) => jsonEqual(existing[f], expected[f]));
  if (same && jsonEqual(existing.metadata.labels ?? {}, labels)) return undefined;
  const out: ApiObject = { ...existing, metadata: { ...existing.metadata, labels } };
  for (const f of fields) out[f] = expected[f];
  return out;
}

/** The hooks of core/v1 endpoints: the `kubernetes` Endpoints. */
export function endpointsHooks(): KindHooks {
  return {
    initialObjects: (env: ServerEnv) => {
      const addresses = addressesOf(env);
      return addresses.length ? [kubernetesEndpoints(addresses, env.port)] : [];
    },
    reconcileInitial: (existing, expected) => reconciled(existing, expected, ['subsets'], true),
    keptBy: 'kubernetes-service',
  };
}

/** The hooks of discovery.k8s.io/v1 endpointslices: the `kubernetes` EndpointSlice. */
export function endpointSliceHooks(): KindHooks {
  return {
    initialObjects: (env: ServerEnv) => {
      const addresses = addressesOf(env);
      return addresses.length ? [kubernetesEndpointSlice(addresses, env.port)] : [];
    },
    reconcileInitial: (existing, expected) => reconciled(existing, expected, ['endpoints', 'ports'], false),
    // addressType is immutable: kube's endpointsadapter deletes a slice of the other family and creates it anew.
    replaceInitial: (existing, expected) => !jsonEqual(existing['addressType'], expected['addressType']),
    keptBy: 'kubernetes-service',
  };
}
