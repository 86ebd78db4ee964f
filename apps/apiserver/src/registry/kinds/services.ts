/**
 * Services' hooks: ClusterIP allocation from `--service-cluster-ip-range` (the first
 * address is reserved for the `kubernetes` service, created at start), node ports and
 * health check node ports from 30000-32767 (on create, and on an update that starts to need
 * them: a change of type, a new port), port defaults, and immutability of the cluster IP on
 * update. Addresses in use are those of the services in the watch cache plus ones handed
 * out moments ago and not cached yet.
 */
import {
  needsClusterIP,
  needsHealthCheckNodePort,
  needsNodePort,
  shouldAllocateNodePorts,
  type ApiObject,
} from '@wheelhouse/api';
import { invalidField, type FieldError } from '@wheelhouse/machinery';
import { ApiError, fromMachinery, invalid } from '../../errors.js';
import { isRecord, pathGet } from '../../object.js';
import type { WatchCache } from '../../watch/watch-cache.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { coreDef, type ResourceDef } from '../registry.js';

const NODE_PORT_MIN = 30000;
const NODE_PORT_MAX = 32767;
const PENDING_MS = 30_000;
/**
 * The low band of the node port range that allocation without a requested port tries last,
 * so that ports chosen by users there rarely collide (kube's ServiceNodePortStaticSubrange:
 * min(max(16, size / 32), 128), 86 ports of 30000-32767).
 */
const STATIC_BAND = Math.min(Math.max(16, Math.floor((NODE_PORT_MAX - NODE_PORT_MIN + 1) / 32)), 128);

/** kube's portallocator errors. */
const NOT_IN_RANGE = `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}`;
const ALLOCATED = 'provided port is already allocated';

/** 500 as kube's errors.NewInternalError for an allocation that failed (`Internal error occurred: ...`). */
function allocationFailed(message: string): ApiError {
  return new ApiError('InternalError', `Internal error occurred: ${message}`);
}

function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) return undefined;
  return m.slice(1).reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

type Port = Record<string, unknown> & { port?: number; nodePort?: number };
type Spec = Record<string, unknown> & { ports?: Port[]; healthCheckNodePort?: number };

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
    private readonly random: () => number,
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
      else {
        for (const p of (pathGet(obj, 'spec.ports') as Port[] | undefined) ?? [])
          if (p.nodePort) used.add(String(p.nodePort));
        const hc = pathGet(obj, 'spec.healthCheckNodePort');
        if (hc) used.add(String(hc));
      }
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

  /** Claims a port a client asked for: why it cannot be had, or '' once it is this Service's. */
  private claimPort(port: number, used: Set<string>): string {
    if (!Number.isInteger(port) || port < NODE_PORT_MIN || port > NODE_PORT_MAX) return NOT_IN_RANGE;
    if (used.has(String(port))) return ALLOCATED;
    used.add(String(port));
    this.take(String(port));
    return '';
  }

  /** A free port, at random, from the range above the static band first (kube's AllocateNext); throws 500 when all are taken. */
  private nextPort(used: Set<string>, what: string): number {
    for (const [lo, hi] of [
      [NODE_PORT_MIN + STATIC_BAND, NODE_PORT_MAX],
      [NODE_PORT_MIN, NODE_PORT_MIN + STATIC_BAND - 1],
    ] as const) {
      const size = hi - lo + 1;
      const start = Math.floor(this.random() * size);
      for (let i = 0; i < size; i++) {
        const port = lo + ((start + i) % size);
        if (used.has(String(port))) continue;
        used.add(String(port));
        this.take(String(port));
        return port;
      }
    }
    throw allocationFailed(`failed to allocate a ${what}: range is full`);
  }

  private refuse(svc: ApiObject, field: string, value: unknown, why: string): never {
    throw invalid('Service', { group: '', plural: 'services' }, svc.metadata.name ?? '', [
      fromMachinery(invalidField(field, value, why)),
    ]);
  }

  /** The health check node port a client asked for, or a free one (kube's allocHealthCheckNodePort). */
  private allocateHealthCheck(spec: Spec, used: Set<string>): void {
    const requested = spec.healthCheckNodePort;
    if (!requested) return void (spec.healthCheckNodePort = this.nextPort(used, 'HealthCheck NodePort'));
    const why = this.claimPort(requested, used);
    if (why) throw allocationFailed(`failed to allocate requested HealthCheck NodePort ${requested}: ${why}`);
  }

  /**
   * A new Service's node ports, as kube's initNodePorts: ports with the same port number (TCP
   * and UDP 53) share one node port, a requested one when any of them names it; then the
   * health check node port of a LoadBalancer with externalTrafficPolicy Local.
   */
  private allocateNodePorts(svc: ApiObject, spec: Spec): void {
    const used = this.inUse('port');
    if (needsNodePort(spec)) {
      const byPort = new Map<number | undefined, number>();
      const ports = spec.ports ?? [];
      for (const [i, p] of ports.entries()) {
        if (!p.nodePort && !shouldAllocateNodePorts(spec)) continue;
        const shared = byPort.get(p.port);
        if (shared === undefined) {
          const requested = p.nodePort || ports.find((q) => q.port === p.port && q.nodePort)?.nodePort;
          if (requested) {
            const why = this.claimPort(requested, used);
            if (why) this.refuse(svc, `spec.ports[${i}].nodePort`, requested, why);
          }
          p.nodePort = requested || this.nextPort(used, 'nodePort');
          byPort.set(p.port, p.nodePort);
        } else if (!p.nodePort) p.nodePort = shared;
        else if (p.nodePort !== shared) {
          const why = this.claimPort(p.nodePort, used);
          if (why) this.refuse(svc, `spec.ports[${i}].nodePort`, p.nodePort, why);
        }
      }
    }
    if (needsHealthCheckNodePort(spec)) this.allocateHealthCheck(spec, used);
  }

  /**
   * An updated Service's new allocations (kube's allocateUpdate): a cluster IP when it leaves
   * ExternalName; node ports it did not have before, requested or not (a change of type to
   * NodePort or LoadBalancer, a new port); a health check node port when it starts to need
   * one. What the old version had and the new one no longer names is free again, since
   * addresses in use are read from the stored Services.
   */
  update(next: ApiObject, current: ApiObject): void {
    const spec = (next.spec ?? {}) as Spec;
    const old = (current.spec ?? {}) as Spec;
    if (needsClusterIP(spec) && !needsClusterIP(old)) {
      const errs: FieldError[] = [];
      this.allocateIp(next, spec, errs);
      if (errs.length)
        throw invalid('Service', { group: '', plural: 'services' }, next.metadata.name ?? '', errs.map(fromMachinery));
    }
    const had = new Set((old.ports ?? []).map((p) => p.nodePort).filter((p) => p));
    // What this update stops using is free once it is stored (the cache shows the old version until then).
    const keeps = new Set([...(spec.ports ?? []).map((p) => p.nodePort), spec.healthCheckNodePort]);
    for (const p of [...had, old.healthCheckNodePort]) if (p && !keeps.has(p)) this.pending.delete(String(p));
    const used = this.inUse('port');
    if (needsNodePort(spec))
      for (const [i, p] of (spec.ports ?? []).entries()) {
        if (!p.nodePort && !shouldAllocateNodePorts(spec)) continue;
        if (!p.nodePort) p.nodePort = this.nextPort(used, 'nodePort');
        else if (!had.has(p.nodePort)) {
          const why = this.claimPort(p.nodePort, used);
          if (why) this.refuse(next, `spec.ports[${i}].nodePort`, p.nodePort, why);
          had.add(p.nodePort);
        }
      }
    if (needsHealthCheckNodePort(spec) && !needsHealthCheckNodePort(old)) this.allocateHealthCheck(spec, used);
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
    if (errs.length)
      throw invalid('Service', { group: '', plural: 'services' }, svc.metadata.name ?? '', errs.map(fromMachinery));
    this.allocateNodePorts(svc, spec);
    if (spec.clusterIP !== 'None') Object.assign(spec, { ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
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
  const allocator = new ServiceAllocator(
    deps.serviceClusterIpRange,
    deps.cache,
    coreDef('services'),
    deps.now,
    deps.random ?? Math.random,
  );
  return {
    beforeCreate: (obj) => allocator.allocate(obj),
    beforeUpdate: keepClusterIp,
    allocateOnUpdate: (next, current) => allocator.update(next, current),
    initialObjects: ({ port }) => [kubernetesService(allocator.firstIp, port)],
    // Created again when missing; an existing one is left as it is (kube: "Service definition is not reconciled after first run").
    keptBy: 'kubernetes-service',
  };
}
