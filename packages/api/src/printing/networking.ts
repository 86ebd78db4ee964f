/** Printers of networking.k8s.io/v1: Ingress, IngressClass, NetworkPolicy (kube-apiserver's columns). */
import { formatLabelSelector } from '@wheelhouse/machinery';
import type { Ingress, IngressClass, IngressRule, NetworkPolicy } from '../schema/networking-v1.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';

const MAX_HOSTS = 3;

/** The HOSTS cell: up to three rule hosts, ` + N more...`, `*` when no rule names one. */
export function formatIngressHosts(rules: readonly IngressRule[] | null | undefined): string {
  const list = rules ?? [];
  const hosts: string[] = [];
  let more = false;
  for (const rule of list) {
    if (hosts.length === MAX_HOSTS) more = true;
    if (!more && rule.host) hosts.push(rule.host);
  }
  if (hosts.length === 0) return '*';
  return more ? `${hosts.join(',')} + ${list.length - MAX_HOSTS} more...` : hosts.join(',');
}

/** The ADDRESS cell: the load balancer's IPs (or hostnames), sorted and unique, joined by ','. */
export function formatIngressAddress(ingress: Ingress): string {
  const entries = ingress.status?.loadBalancer?.ingress ?? [];
  const addresses = new Set(entries.map((e) => e.ip || e.hostname || '').filter((a) => a !== ''));
  return [...addresses].sort().join(',');
}

/** The ingresses printer: NAME CLASS HOSTS ADDRESS PORTS AGE. */
export const ingressPrinter: TablePrinter<Ingress> = {
  columns: [
    nameColumn(),
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn(),
  ],
  cells: (ing, now) => [
    ing.metadata?.name ?? '',
    ing.spec?.ingressClassName ?? '<none>',
    formatIngressHosts(ing.spec?.rules),
    formatIngressAddress(ing),
    (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
    age(ing.metadata, now),
  ],
};

function parametersCell(ic: IngressClass): string {
  const p = ic.spec?.parameters;
  if (!p) return '<none>';
  const kind = p.apiGroup !== undefined ? `${p.kind ?? ''}.${p.apiGroup}` : (p.kind ?? '');
  return `${kind}/${p.name ?? ''}`;
}

/** The ingressclasses printer: NAME CONTROLLER PARAMETERS AGE. */
export const ingressClassPrinter: TablePrinter<IngressClass> = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn(),
  ],
  cells: (ic, now) => [ic.metadata?.name ?? '', ic.spec?.controller ?? '', parametersCell(ic), age(ic.metadata, now)],
};

/** The networkpolicies printer: NAME POD-SELECTOR AGE (`<none>` for the empty selector). */
export const networkPolicyPrinter: TablePrinter<NetworkPolicy> = {
  columns: [
    nameColumn(),
    column(
      'Pod-Selector',
      'string',
      'Selects the pods to which this NetworkPolicy object applies.  The array of ingress rules is applied to any pods selected by this field. Multiple network policies can select the same set of pods.  In this case, the ingress rules for each are combined additively. This field is NOT optional and follows standard label selector semantics. An empty podSelector matches all pods in this namespace.',
    ),
    ageColumn(),
  ],
  cells: (np, now) => [np.metadata?.name ?? '', formatLabelSelector(np.spec?.podSelector ?? {}), age(np.metadata, now)],
};
