/**
 * Services' hooks: ClusterIP allocation from `--service-cluster-ip-range` (the first
 * address is reserved for the `kubernetes` service, created at start), NodePort
 * allocation from 30000-32767, port defaults, and immutability of the cluster IP on
 * update. Addresses in use are those of the services in the watch cache plus ones handed
 * out moments ago and not cached yet.
 */
import type { ApiObject } from '@wheelhouse/api';
import { invalidField, type FieldError } from '@wheelhouse/machinery';
import { fromMachinery, invalid } from '../../errors.js';
import { isRecord, pathGet } from '../../object.js';
import type { WatchCache } from '../../watch/watch-cache.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { coreDef, type ResourceDef } from '../registry.js';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const PENDING_MS = 30_000;

function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) return undefined;
  return m.slice(1).reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

type Spec = Record<string, unknown> & { ports?: Array<Record<string, unknown>> };

/** Hands out cluster IPs and node ports; see the module comment. */
class ServiceAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly pending = new Map<string, number>();

  constructor(
    readonly cidr: string,
    private readonly cache: WatchCache,
    private readonly def: ResourceDef,
    private readonly now: () => number,
  ) {
    const [ip, bits] = cidr.split('/') as [string, string];
    this.size = 2 ** (32 - Number(bits));
    this.base = ipToInt(ip)! - (ipToInt(ip)! % this.size);
  }

  /** The address of the `kubernetes` service: the first one of the range. */
  get firstIp(): string {
    return intToIp(this.base + 1);
  }

  private inUse(path: 'ip' | 'port'): Set<string> {
    const used = new Set<string>();
    for (const { obj } of this.cache.snapshot(this.def).items) {
      if (path === 'ip') for (const ip of (pathGet(obj, 'spec.clusterIPs') as string[] | undefined) ?? []) used.add(ip);
      else
        for (const p of (pathGet(obj, 'spec.ports') as Array<Record<string, unknown>> | undefined) ?? [])
          if (p.nodePort) used.add(String(p.nodePort));
    }
    const t = this.now();
    for (const [k, exp] of this.pending) if (exp < t) this.pending.delete(k);
    for (const k of this.pending.keys()) used.add(k);
    return used;
  }

  private take(key: string): void {
    this.pending.set(key, this.now() + PENDING_MS);
  }

  private allocateIp(svc: ApiObject, spec: Spec, errs: FieldError[]): void {
    const requested = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
    if (requested === 'None') return void Object.assign(spec, { clusterIPs: ['None'] });
    const used = this.inUse('ip');
    if (requested !== '') {
      const n = ipToInt(requested);
      const why =
        n === undefined || n <= this.base || n >= this.base + this.size - 1
          ? `provided IP is not in the valid range. The range of valid IPs is ${this.cidr}`
          : used.has(requested)
            ? 'provided IP is already allocated'
            : '';
      if (why)
        return void errs.push(
          invalidField('spec.clusterIPs', [requested], `failed to allocate IP ${requested}: ${why}`),
        );
      this.take(requested);
      return void Object.assign(spec, { clusterIP: requested, clusterIPs: [requested] });
    }
    // Offset 1 is the kubernetes service's; others start after it.
    for (let n = this.base + 2; n < this.base + this.size - 1; n++) {
      const ip = intToIp(n);
      if (used.has(ip)) continue;
      this.take(ip);
      return void Object.assign(spec, { clusterIP: ip, clusterIPs: [ip] });
    }
    errs.push(
      invalidField('spec.clusterIPs', [], `failed to allocate a serviceIP: range is full (${svc.metadata.name ?? ''})`),
    );
  }

  private allocateNodePorts(spec: Spec, errs: FieldError[]): void {
    if (spec.type !== 'NodePort' && spec.type !== 'LoadBalancer') return;
    const used = this.inUse('port');
    for (const [i, p] of (spec.ports ?? []).entries()) {
      if (p.nodePort) {
        if (used.has(String(p.nodePort)))
          errs.push(invalidField(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'));
        else this.take(String(p.nodePort));
        continue;
      }
      for (let port = NODE_PORT_MIN; port <= NODE_PORT_MAX; port++) {
        if (used.has(String(port))) continue;
        p.nodePort = port;
        this.take(String(port));
        break;
      }
    }
  }

  /** Fills type, port defaults, cluster IP and node ports of a new Service; throws 422 when an address is taken or outside the range. */
  allocate(svc: ApiObject): void {
    const spec = (svc.spec ??= {}) as Spec;
    spec.type ??= 'ClusterIP';
    spec.sessionAffinity ??= 'None';
    for (const p of spec.ports ?? [])
      if (isRecord(p)) Object.assign(p, { protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port });
    if (spec.type === 'ExternalName') return;
    const errs: FieldError[] = [];
    this.allocateIp(svc, spec, errs);
    this.allocateNodePorts(spec, errs);
    if (spec.clusterIP !== 'None') Object.assign(spec, { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    if (errs.length)
      throw invalid('Service', { group: '', plural: 'services' }, svc.metadata.name ?? '', errs.map(fromMachinery));
  }
}

/** On update, the cluster IP is kept when omitted and may not change (422). */
function keepClusterIp(next: ApiObject, current: ApiObject): void {
  const cur = pathGet(current, 'spec.clusterIP');
  if (typeof cur !== 'string' || cur === '') return;
  const spec = (next.spec ??= {}) as Spec;
  if (spec.clusterIP === undefined || spec.clusterIP === '')
    Object.assign(spec, { clusterIP: cur, clusterIPs: pathGet(current, 'spec.clusterIPs') });
  if (spec.clusterIP !== cur) {
    throw invalid('Service', { group: '', plural: 'services' }, current.metadata.name ?? '', [
      fromMachinery(invalidField('spec.clusterIPs[0]', spec.clusterIP, 'may not change once set')),
    ]);
  }
}

/** The `kubernetes` service in `default`: the first address of the range, port 443 to the apiserver's `port`. */
function kubernetesService(ip: string, port: number): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    // namespace last: the stored metadata keeps the key order it always had.
    metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' }, namespace: 'default' },
    spec: {
      type: 'ClusterIP',
      clusterIP: ip,
      clusterIPs: [ip],
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }],
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    },
  };
}

/** The hooks of core/v1 services: address allocation on create, the cluster IP kept on update, the `kubernetes` service. */
export function serviceHooks(deps: HookDeps): KindHooks {
  const allocator = new ServiceAllocator(deps.serviceClusterIpRange, deps.cache, coreDef('services'), deps.now);
  return {
    beforeCreate: (obj) => allocator.allocate(obj),
    beforeUpdate: keepClusterIp,
    initialObjects: ({ port }) => [kubernetesService(allocator.firstIp, port)],
    // Created again when missing; an existing one is left as it is (kube: "Service definition is not reconciled after first run").
    keptBy: 'kubernetes-service',
  };
}
