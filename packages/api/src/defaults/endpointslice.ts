/** discovery.k8s.io/v1 EndpointSlice defaulting (SetDefaults_EndpointPort). */
import { deepClone } from '@wheelhouse/machinery';
import type { EndpointSlice } from '../schema/discovery-v1.js';

/** EndpointSlice: every port gets name "" and protocol TCP when unset. Returns a copy. */
export function defaultEndpointSlice(slice: EndpointSlice): EndpointSlice {
  const copy = deepClone(slice);
  for (const port of copy.ports ?? []) {
    port.name ??= '';
    port.protocol ??= 'TCP';
  }
  return copy;
}
