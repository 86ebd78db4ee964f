/**
 * Which of a Service's allocated fields its `type` calls for (kube's needsClusterIP,
 * needsNodePort, NeedsHealthCheck, ExternallyAccessible and shouldAllocateNodePorts), shared
 * by the Service strategy, its defaults and the API server's allocator.
 */
import type { Service } from '../schema/core-v1-service.js';

type ServiceSpec = NonNullable<Service['spec']>;

/** Every type but ExternalName has a cluster IP ("None" counts: a headless one). */
export function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== 'ExternalName';
}

/** NodePort and LoadBalancer Services may have node ports. */
export function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || spec.type === 'LoadBalancer';
}

/** Whether ports without a node port get one: NodePort always, LoadBalancer unless allocateLoadBalancerNodePorts is false. */
export function shouldAllocateNodePorts(spec: ServiceSpec): boolean {
  if (spec.type === 'NodePort') return true;
  return spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false;
}

/** A LoadBalancer with externalTrafficPolicy Local has a health check node port. */
export function needsHealthCheckNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local';
}

/** NodePort, LoadBalancer, and ClusterIP with external IPs: reachable from outside, so an externalTrafficPolicy applies. */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return (
    spec.type === 'LoadBalancer' ||
    spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && (spec.externalIPs ?? []).length > 0)
  );
}
