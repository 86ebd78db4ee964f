/** Printers of core/v1 kinds other than pods: nodes, services, endpoints, events, and config kinds. */
import type { ConfigMap, Event, Namespace, Secret, ServiceAccount } from '../schema/core-v1-config.js';
import type { Node } from '../schema/core-v1-node.js';
import type { Endpoints, Service } from '../schema/core-v1-service.js';
import { timestampSince } from './duration.js';
import { age, ageColumn, column, formatLabels, nameColumn, type TablePrinter } from './table.js';

function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const status = ready === undefined ? ['Unknown'] : [ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Node roles from `node-role.kubernetes.io/<role>` and `kubernetes.io/role=<role>` labels, sorted. */
export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith('node-role.kubernetes.io/')) {
      const role = key.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (key === 'kubernetes.io/role' && value) roles.add(value);
  }
  return [...roles].sort();
}

function nodeAddress(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

/** The nodes printer: NAME STATUS ROLES AGE VERSION (wide: IPs, OS image, kernel, runtime). */
export const nodePrinter: TablePrinter<Node> = {
  columns: [
    nameColumn(),
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn(),
    column('Version', 'string', 'Kubelet Version reported by the node.'),
    column('Internal-IP', 'string', 'List of addresses reachable to the node.', 1),
    column('External-IP', 'string', 'List of addresses reachable to the node.', 1),
    column(
      'OS-Image',
      'string',
      'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).',
      1,
    ),
    column(
      'Kernel-Version',
      'string',
      "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).",
      1,
    ),
    column(
      'Container-Runtime',
      'string',
      'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
      1,
    ),
  ],
  cells: (node, now) => {
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata?.name ?? '',
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      age(node.metadata, now),
      info.kubeletVersion ?? '',
      nodeAddress(node, 'InternalIP'),
      nodeAddress(node, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

function loadBalancerIPs(svc: Service): string {
  const seen = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) seen.add(ing.ip);
    else if (ing.hostname) seen.add(ing.hostname);
  }
  return [...seen].join(',');
}

/** The EXTERNAL-IP cell of a service, as kubectl's getServiceExternalIP (wide form). */
export function serviceExternalIP(svc: Service): string {
  const external = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return external.length > 0 ? external.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIPs(svc);
      if (external.length > 0) return [...(lb ? lb.split(',') : []), ...external].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** The PORT(S) cell: `80/TCP`, `80:30080/TCP`, comma-separated; `<none>` without ports. */
export function servicePorts(svc: Service): string {
  const text = (svc.spec?.ports ?? [])
    .map((p) =>
      p.nodePort ? `${p.port ?? 0}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port ?? 0}/${p.protocol ?? ''}`,
    )
    .join(',');
  return text || '<none>';
}

/** The services printer: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE (wide: SELECTOR). */
export const servicePrinter: TablePrinter<Service> = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'type determines how the Service is exposed.'),
    column('Cluster-IP', 'string', 'clusterIP is the IP address of the service and is usually assigned randomly.'),
    column(
      'External-IP',
      'string',
      'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.',
    ),
    column('Port(s)', 'string', 'The list of ports that are exposed by this service.'),
    ageColumn(),
    column('Selector', 'string', 'Route service traffic to pods with label keys and values matching this selector.', 1),
  ],
  cells: (svc, now) => [
    svc.metadata?.name ?? '',
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] ?? '<none>',
    serviceExternalIP(svc),
    servicePorts(svc),
    age(svc.metadata, now),
    formatLabels(svc.spec?.selector),
  ],
};

/** The ENDPOINTS cell: up to three `ip:port`, then ` + N more...`. */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  const add = (text: string) => (list.length < 3 ? list.push(text) : undefined);
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if ((ss.ports ?? []).length === 0) {
      count += addrs.length;
      addrs.forEach((a) => add(a.ip ?? ''));
      continue;
    }
    for (const port of ss.ports ?? []) {
      count += addrs.length;
      addrs.forEach((a) =>
        add((a.ip ?? '').includes(':') ? `[${a.ip}]:${port.port ?? 0}` : `${a.ip ?? ''}:${port.port ?? 0}`),
      );
    }
  }
  const text = list.join(',');
  return count > 3 ? `${text} + ${count - 3} more...` : text;
}

/** The endpoints printer: NAME ENDPOINTS AGE. */
export const endpointsPrinter: TablePrinter<Endpoints> = {
  columns: [
    nameColumn(),
    column('Endpoints', 'string', 'The set of all endpoints is the union of all subsets.'),
    ageColumn(),
  ],
  cells: (ep, now) => [ep.metadata?.name ?? '', formatEndpoints(ep), age(ep.metadata, now)],
};

function eventSource(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

function eventCells(ev: Event, now: Date): unknown[] {
  const first = ev.firstTimestamp ? timestampSince(ev.firstTimestamp, now) : timestampSince(ev.eventTime, now);
  let last = ev.lastTimestamp ? timestampSince(ev.lastTimestamp, now) : first;
  let count = ev.count ?? 0;
  if (ev.series) {
    last = timestampSince(ev.series.lastObservedTime, now);
    count = ev.series.count ?? 0;
  } else if (count === 0) count = 1;
  const involved = ev.involvedObject ?? {};
  const kind = (involved.kind ?? '').toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  const message = (ev.message ?? '').trim();
  return [
    last,
    ev.type ?? '',
    ev.reason ?? '',
    target,
    involved.fieldPath ?? '',
    eventSource(ev),
    message,
    first,
    count,
    ev.metadata?.name ?? '',
  ];
}

/** The events printer: LAST SEEN TYPE REASON OBJECT MESSAGE (wide: SUBOBJECT SOURCE FIRST SEEN COUNT NAME). */
export const eventPrinter: TablePrinter<Event> = {
  columns: [
    column('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    column(
      'Reason',
      'string',
      "This should be a short, machine understandable string that gives the reason for the transition into the object's current status.",
    ),
    column('Object', 'string', 'The object that this event is about.'),
    column(
      'Subobject',
      'string',
      'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement.',
      1,
    ),
    column(
      'Source',
      'string',
      'The component reporting this event. Should be a short machine understandable string.',
      1,
    ),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column(
      'First Seen',
      'string',
      'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)',
      1,
    ),
    column('Count', 'string', 'The number of times this event has occurred.', 1),
    column('Name', 'string', 'Name must be unique within a namespace.', 1, 'name'),
  ],
  cells: eventCells,
};

/** The namespaces printer: NAME STATUS AGE. */
export const namespacePrinter: TablePrinter<Namespace> = {
  columns: [nameColumn(), column('Status', 'string', 'The status of the namespace'), ageColumn()],
  cells: (ns, now) => [ns.metadata?.name ?? '', ns.status?.phase ?? '', age(ns.metadata, now)],
};

/** The configmaps printer: NAME DATA AGE (DATA counts data and binaryData keys). */
export const configMapPrinter: TablePrinter<ConfigMap> = {
  columns: [nameColumn(), column('Data', 'string', 'Data contains the configuration data.'), ageColumn()],
  cells: (cm, now) => [
    cm.metadata?.name ?? '',
    Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
    age(cm.metadata, now),
  ],
};

/** The secrets printer: NAME TYPE DATA AGE. */
export const secretPrinter: TablePrinter<Secret> = {
  columns: [
    nameColumn(),
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'Data contains the secret data.'),
    ageColumn(),
  ],
  cells: (s, now) => [s.metadata?.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, age(s.metadata, now)],
};

/** The serviceaccounts printer: NAME SECRETS AGE. */
export const serviceAccountPrinter: TablePrinter<ServiceAccount> = {
  columns: [
    nameColumn(),
    column(
      'Secrets',
      'string',
      'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.',
    ),
    ageColumn(),
  ],
  cells: (sa, now) => [sa.metadata?.name ?? '', (sa.secrets ?? []).length, age(sa.metadata, now)],
};
