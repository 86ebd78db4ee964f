/**
 * The `kubernetes` Service's Endpoints and EndpointSlice in `default`, which kube-apiserver
 * keeps itself (its endpoint reconciler; the Service has no selector, so no controller lists
 * pods for it): this server's advertised address (see advertise-address.ts) and port as `https`. The Endpoints carry
 * endpointslice.kubernetes.io/skip-mirror, the EndpointSlice the Service's name (kube's
 * endpointsadapter). Written at start, and rewritten when the address or port changed.
 */
import type { ApiObject } from '@wheelhouse/api';
import { jsonEqual } from '../../object.js';
import type { KindHooks } from '../hooks.js';

/** The address and port the server advertises (no address: none to list). */
interface Advertised {
  address: string | undefined;
  port: number;
}

const NAME = 'kubernetes';
const PORT_NAME = 'https';

function kubernetesEndpoints(address: string, port: number): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: NAME, namespace: 'default', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: address }], ports: [{ name: PORT_NAME, port, protocol: 'TCP' }] }],
  };
}

function kubernetesEndpointSlice(address: string, port: number): ApiObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: NAME, namespace: 'default', labels: { 'kubernetes.io/service-name': NAME } },
    addressType: address.includes(':') ? 'IPv6' : 'IPv4',
    endpoints: [{ addresses: [address], conditions: { ready: true } }],
    ports: [{ name: PORT_NAME, port, protocol: 'TCP' }],
  };
}

/** `existing` with `expected`'s values of `fields`, or undefined when they are the same already. */
function withFields(existing: ApiObject, expected: ApiObject, fields: readonly string[]): ApiObject | undefined {
  const ex = existing as Record<string, unknown>;
  const want = expected as Record<string, unknown>;
  if (fields.every((f) => jsonEqual(ex[f], want[f]))) return undefined;
  const out: Record<string, unknown> = { ...ex };
  for (const f of fields) out[f] = want[f];
  return out as ApiObject;
}

/** The hooks of core/v1 endpoints: the `kubernetes` Endpoints. */
export function endpointsHooks(): KindHooks {
  return {
    initialObjects: ({ address, port }: Advertised) => (address ? [kubernetesEndpoints(address, port)] : []),
    reconcileInitial: (existing, expected) =>
      existing.metadata.name === NAME && existing.metadata.namespace === 'default'
        ? withFields(existing, expected, ['subsets'])
        : undefined,
  };
}

/** The hooks of discovery.k8s.io/v1 endpointslices: the `kubernetes` EndpointSlice. */
export function endpointSliceHooks(): KindHooks {
  return {
    initialObjects: ({ address, port }: Advertised) => (address ? [kubernetesEndpointSlice(address, port)] : []),
    // addressType is immutable: a slice of the other family is left as it is.
    reconcileInitial: (existing, expected) =>
      existing.metadata.name === NAME &&
      existing.metadata.namespace === 'default' &&
      jsonEqual(existing['addressType'], expected['addressType'])
        ? withFields(existing, expected, ['endpoints', 'ports'])
        : undefined,
  };
}
