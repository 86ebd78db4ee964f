/** networking.k8s.io/v1 defaulting (SetDefaults_NetworkPolicy, _NetworkPolicyPort, _IngressClass). */
import { deepClone } from '@wheelhouse/machinery';
import type { IngressClass, NetworkPolicy, NetworkPolicyPort } from '../schema/networking-v1.js';

function defaultPorts(ports: NetworkPolicyPort[] | undefined): void {
  for (const port of ports ?? []) port.protocol ??= 'TCP';
}

/**
 * NetworkPolicy: every port's protocol TCP when unset; without policyTypes, `Ingress`, plus
 * `Egress` when egress rules are present. Returns a copy.
 */
export function defaultNetworkPolicy(np: NetworkPolicy): NetworkPolicy {
  const copy = deepClone(np);
  const spec = (copy.spec ??= {});
  spec.podSelector ??= {};
  for (const rule of spec.ingress ?? []) defaultPorts(rule.ports);
  for (const rule of spec.egress ?? []) defaultPorts(rule.ports);
  if ((spec.policyTypes ?? []).length === 0) {
    spec.policyTypes = (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  }
  return copy;
}

/** IngressClass: parameters.scope `Cluster` when parameters are set without a scope. Returns a copy. */
export function defaultIngressClass(ic: IngressClass): IngressClass {
  const copy = deepClone(ic);
  if (copy.spec?.parameters) copy.spec.parameters.scope ??= 'Cluster';
  return copy;
}
