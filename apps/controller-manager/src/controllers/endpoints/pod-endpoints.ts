/**
 * What both endpoint controllers read from a pod and its Service (kube's
 * staging/src/k8s.io/endpointslice/util and podutil.FindPort): whether the pod is listed,
 * which port a service port targets on it, its hostname, its address.
 */
import { sidecarContainers, type Service, type ServicePort } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { isIPv6 } from 'node:net';
import { type CachedPod, isPodTerminal } from '../../workload/pod-status.js';

/** A Service as a lister hands it out. */
export type CachedService = DeepReadonly<Served<Service>>;

/** The annotation with the time of the earliest change the last write reflects (RFC 3339). */
export const LAST_CHANGE_TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';

/** The label both controllers put on the Endpoints and slices of a headless Service. */
export const HEADLESS_SERVICE_LABEL = 'service.kubernetes.io/headless';

/**
 * Whether a pod is listed at all (kube's ShouldPodBeInEndpoints): not terminal, with an IP,
 * and (unless `includeTerminating`) not being deleted.
 */
export function shouldPodBeInEndpoints(pod: CachedPod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && (pod.status?.podIPs ?? []).length === 0) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

/** Whether the pod's hostname is published: it has one and its subdomain names this Service. */
export function shouldSetHostname(pod: CachedPod, svc: CachedService): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === svc.metadata.name &&
    pod.metadata.namespace === svc.metadata.namespace
  );
}

/** False for a headless Service (clusterIP None or unset). */
export function isServiceIPSet(svc: CachedService): boolean {
  const ip = svc.spec?.clusterIP;
  return !!ip && ip !== 'None';
}

/** Whether the Service has a selector; Services without one are left to their users. */
export function hasSelector(svc: CachedService): boolean {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

function namedPort(pod: CachedPod, name: string, protocol: string | undefined): number | undefined {
  for (const c of [...(pod.spec?.containers ?? []), ...sidecarContainers(pod)])
    for (const p of c.ports ?? [])
      if (p.name === name && (p.protocol ?? 'TCP') === (protocol ?? 'TCP')) return p.containerPort;
  return undefined;
}

/**
 * The port number a service port targets on `pod` (kube's FindPort): a number as is; a name
 * looked up among the containers' (and sidecars') ports of the same protocol; undefined when
 * the pod has no such port.
 */
export function findPort(pod: CachedPod, port: DeepReadonly<ServicePort>): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  return namedPort(pod, target ?? '', port.protocol);
}

/** The pod's IPs of one family ('IPv4' or 'IPv6'). */
export function podIPsOfFamily(pod: CachedPod, family: string): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip ?? '').filter((ip) => ip !== '');
  const all = ips.length > 0 ? ips : [pod.status?.podIP ?? ''].filter((ip) => ip !== '');
  return all.filter((ip) => (family === 'IPv6') === isIPv6(ip));
}

/** The address families a Service's endpoints use: its ipFamilies, else the family of its cluster IP, else IPv4. */
export function serviceFamilies(svc: CachedService): string[] {
  const families = svc.spec?.ipFamilies ?? [];
  if (families.length > 0) return [...families];
  if (isServiceIPSet(svc)) return [isIPv6(svc.spec?.clusterIP ?? '') ? 'IPv6' : 'IPv4'];
  return ['IPv4'];
}

/** The pods of the Service's namespace its selector matches. */
export function podsSelectedBy(svc: CachedService, list: (namespace: string) => readonly CachedPod[]): CachedPod[] {
  const selector = Object.entries(svc.spec?.selector ?? {});
  return list(svc.metadata.namespace ?? '').filter((pod) => selector.every(([k, v]) => pod.metadata.labels?.[k] === v));
}
