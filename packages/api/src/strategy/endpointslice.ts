/**
 * The EndpointSlice strategy: generation 1 on create and one more on every change of the
 * slice's content; v1 writes cannot set endpoints' deprecatedTopology (dropped on create,
 * kept from the old object on update), as kube-apiserver's endpointslice strategy.
 */
import type { Endpoint, EndpointSlice } from '../schema/discovery-v1.js';
import { semanticEqual } from '../util/json.js';
import { makeStrategy, type KubeObject, type UpdateStrategy } from './strategy.js';

function content(slice: EndpointSlice): unknown {
  return { addressType: slice.addressType, endpoints: slice.endpoints ?? [], ports: slice.ports ?? [] };
}

function dropTopology(endpoints: Endpoint[] | null | undefined, old?: readonly Endpoint[] | null): void {
  (endpoints ?? []).forEach((ep, i) => {
    const kept = old?.[i]?.deprecatedTopology;
    if (kept === undefined) delete ep.deprecatedTopology;
    else ep.deprecatedTopology = { ...kept };
  });
}

function onCreate(obj: KubeObject): void {
  const slice = obj as EndpointSlice;
  (slice.metadata ??= {}).generation = 1;
  dropTopology(slice.endpoints);
}

function onUpdate(next: KubeObject, old: KubeObject): void {
  const n = next as EndpointSlice;
  const o = old as EndpointSlice;
  dropTopology(n.endpoints, o.endpoints);
  if (!semanticEqual(content(n), content(o))) (n.metadata ??= {}).generation = (o.metadata?.generation ?? 0) + 1;
}

/** See the module comment. */
export const ENDPOINT_SLICE_STRATEGY: UpdateStrategy = makeStrategy({ onCreate, onUpdate });
