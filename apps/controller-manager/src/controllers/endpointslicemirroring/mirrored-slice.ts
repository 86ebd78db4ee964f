/**
 * Which Endpoints are mirrored, and the EndpointSlices mirroring them (kube's
 * endpointslicemirroring utils.go): a slice carries the Endpoints' labels (with the Service
 * name and this controller as manager), its annotations but the last-change trigger time and
 * kubectl's last-applied configuration, and a controller reference to the Endpoints.
 */
import type { EndpointSlice, EndpointSlicePort, Endpoints } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { LAST_CHANGE_TRIGGER_TIME_ANNOTATION } from '../endpoints/pod-endpoints.js';
import { MANAGED_BY_LABEL, SERVICE_NAME_LABEL, sliceGenerateName } from '../endpointslice/reconcile.js';

/** This controller's managed-by value. */
export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
/** The label that, set to "true" on an Endpoints, keeps it from being mirrored. */
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
/** The annotation of an Endpoints used as a leader-election lock (never mirrored). */
export const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
/** kubectl apply's annotation (not mirrored). */
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** An Endpoints as a lister hands it out. */
export type CachedEndpoints = DeepReadonly<Served<Endpoints>>;

/** Whether the Endpoints is to be mirrored (kube's shouldMirror; the Service is checked apart). */
export function shouldMirror(endpoints: DeepReadonly<Endpoints> | undefined): boolean {
  if (!endpoints) return false;
  if (endpoints.metadata?.labels?.[SKIP_MIRROR_LABEL] === 'true') return false;
  return !(endpoints.metadata?.annotations && LEADER_ELECTION_ANNOTATION in endpoints.metadata.annotations);
}

/** Whether this controller manages the slice. */
export function isMirrored(slice: DeepReadonly<EndpointSlice>): boolean {
  return slice.metadata?.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME;
}

/** The labels of every slice mirroring `endpoints`. */
export function mirroredLabels(endpoints: CachedEndpoints): Record<string, string> {
  return {
    ...endpoints.metadata.labels,
    [SERVICE_NAME_LABEL]: endpoints.metadata.name,
    [MANAGED_BY_LABEL]: MIRRORING_CONTROLLER_NAME,
  };
}

/** The annotations of every slice mirroring `endpoints`. */
export function mirroredAnnotations(endpoints: CachedEndpoints): Record<string, string> {
  const out: Record<string, string> = { ...endpoints.metadata.annotations };
  delete out[LAST_CHANGE_TRIGGER_TIME_ANNOTATION];
  delete out[LAST_APPLIED_ANNOTATION];
  return out;
}

/**
 * A slice mirroring `endpoints` with `ports` and no endpoints yet: named `name` (an update of
 * that slice), else generated from the Endpoints' name.
 */
export function newMirroredSlice(
  endpoints: CachedEndpoints,
  ports: EndpointSlicePort[],
  addressType: string,
  name?: string,
): EndpointSlice {
  const meta = endpoints.metadata;
  const annotations = mirroredAnnotations(endpoints);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      ...(name ? { name } : { generateName: sliceGenerateName(meta.name) }),
      namespace: meta.namespace ?? '',
      labels: mirroredLabels(endpoints),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Endpoints',
          name: meta.name,
          uid: meta.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: [],
    ports: structuredClone(ports),
  };
}
