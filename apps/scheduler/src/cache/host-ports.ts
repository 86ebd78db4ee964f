/**
 * Host ports in use on a node (framework.HostPortInfo): ip -> set of "protocol/port". An
 * empty ip means 0.0.0.0, which conflicts with every ip; an empty protocol means TCP.
 */
import { sidecarContainers, type ContainerPort, type Pod } from '@wheelhouse/api';

const BIND_ALL = '0.0.0.0';

function sanitize(ip: string | undefined, protocol: string | undefined): [string, string] {
  return [ip || BIND_ALL, protocol || 'TCP'];
}

/** The host ports of a pod's containers and sidecars (ports with hostPort > 0 only). */
export function podHostPorts(pod: Pod): ContainerPort[] {
  const containers = [...sidecarContainers(pod), ...(pod.spec?.containers ?? [])];
  return containers.flatMap((c) => c.ports ?? []).filter((p) => (p.hostPort ?? 0) > 0);
}

/** A mutable set of used host ports. */
export class HostPortInfo {
  private readonly byIP = new Map<string, Set<string>>();

  /** Records a port (no-op for port <= 0). */
  add(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const [addr, proto] = sanitize(ip, protocol);
    let set = this.byIP.get(addr);
    if (!set) this.byIP.set(addr, (set = new Set()));
    set.add(`${proto}/${port}`);
  }

  /** Forgets a port. */
  remove(ip: string | undefined, protocol: string | undefined, port: number): void {
    if (port <= 0) return;
    const [addr, proto] = sanitize(ip, protocol);
    const set = this.byIP.get(addr);
    set?.delete(`${proto}/${port}`);
    if (set?.size === 0) this.byIP.delete(addr);
  }

  /** True when using (ip, protocol, port) would clash with a port already in use. */
  conflicts(ip: string | undefined, protocol: string | undefined, port: number): boolean {
    if (port <= 0) return false;
    const [addr, proto] = sanitize(ip, protocol);
    const key = `${proto}/${port}`;
    if (addr === BIND_ALL) return [...this.byIP.values()].some((s) => s.has(key));
    return (this.byIP.get(BIND_ALL)?.has(key) ?? false) || (this.byIP.get(addr)?.has(key) ?? false);
  }

  /** Number of ip entries (0 when no port is used). */
  get size(): number {
    return this.byIP.size;
  }

  /** An independent copy. */
  clone(): HostPortInfo {
    const copy = new HostPortInfo();
    for (const [ip, set] of this.byIP) copy.byIP.set(ip, new Set(set));
    return copy;
  }
}
