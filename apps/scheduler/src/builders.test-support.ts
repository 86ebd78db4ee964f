/**
 * Plain Node and Pod objects for unit tests (kube-scheduler's st.MakePod / st.MakeNode in
 * spirit): fluent builders that return API objects, no API server involved.
 */
import type { Affinity, Container, Node, Pod, Taint, Toleration, TopologySpreadConstraint } from '@wheelhouse/api';

/** Builds a Node. */
export class NodeBuilder {
  readonly obj: Node;

  constructor(name: string) {
    this.obj = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: {} },
      spec: {},
      status: { allocatable: {} },
    };
  }

  /** Sets allocatable (and capacity) resources, e.g. `{ cpu: '4', memory: '8Gi', pods: '110' }`. */
  capacity(resources: Record<string, string>): this {
    this.obj.status = { ...this.obj.status, allocatable: { ...resources }, capacity: { ...resources } };
    return this;
  }

  label(key: string, value: string): this {
    this.obj.metadata = { ...this.obj.metadata, labels: { ...this.obj.metadata?.labels, [key]: value } };
    return this;
  }

  taint(key: string, value: string, effect: string): this {
    const t: Taint = { key, value, effect };
    this.obj.spec = { ...this.obj.spec, taints: [...(this.obj.spec?.taints ?? []), t] };
    return this;
  }

  unschedulable(): this {
    this.obj.spec = { ...this.obj.spec, unschedulable: true };
    return this;
  }
}

/** A node builder; `name` also becomes the kubernetes.io/hostname label. */
export function makeNode(name: string): NodeBuilder {
  return new NodeBuilder(name).label('kubernetes.io/hostname', name);
}

let uidCounter = 0;

/** Builds a Pod with one container (no requests) in namespace `default`. */
export class PodBuilder {
  readonly obj: Pod;

  constructor(name: string) {
    this.obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'default', uid: `uid-${name}-${++uidCounter}`, labels: {} },
      spec: { containers: [{ name: 'c', image: 'pause' }], schedulerName: 'default-scheduler' },
      status: {},
    };
  }

  namespace(ns: string): this {
    this.obj.metadata = { ...this.obj.metadata, namespace: ns };
    return this;
  }

  uid(uid: string): this {
    this.obj.metadata = { ...this.obj.metadata, uid };
    return this;
  }

  label(key: string, value: string): this {
    this.obj.metadata = { ...this.obj.metadata, labels: { ...this.obj.metadata?.labels, [key]: value } };
    return this;
  }

  /** Adds a container requesting `requests`. */
  req(requests: Record<string, string>): this {
    const c: Container = { name: `c${this.containers().length}`, image: 'pause', resources: { requests } };
    return this.spec({ containers: [...this.containers().filter((x) => x.resources), c] });
  }

  /** Adds an init container requesting `requests`; `sidecar` makes it restartable. */
  initReq(requests: Record<string, string>, sidecar = false): this {
    const c: Container = {
      name: `i${this.obj.spec?.initContainers?.length ?? 0}`,
      image: 'pause',
      resources: { requests },
    };
    if (sidecar) c.restartPolicy = 'Always';
    return this.spec({ initContainers: [...(this.obj.spec?.initContainers ?? []), c] });
  }

  /** Adds a container port with a host port. */
  hostPort(port: number, protocol = 'TCP', hostIP?: string): this {
    const [first, ...rest] = this.containers();
    const c = { ...(first as Container) };
    c.ports = [...(c.ports ?? []), { containerPort: port, hostPort: port, protocol, ...(hostIP ? { hostIP } : {}) }];
    return this.spec({ containers: [c, ...rest] });
  }

  node(name: string): this {
    return this.spec({ nodeName: name });
  }

  priority(p: number): this {
    return this.spec({ priority: p });
  }

  nodeSelector(sel: Record<string, string>): this {
    return this.spec({ nodeSelector: sel });
  }

  affinity(a: Affinity): this {
    return this.spec({ affinity: { ...this.obj.spec?.affinity, ...a } });
  }

  toleration(t: Toleration): this {
    return this.spec({ tolerations: [...(this.obj.spec?.tolerations ?? []), t] });
  }

  spread(c: TopologySpreadConstraint): this {
    return this.spec({ topologySpreadConstraints: [...(this.obj.spec?.topologySpreadConstraints ?? []), c] });
  }

  nominated(node: string): this {
    this.obj.status = { ...this.obj.status, nominatedNodeName: node };
    return this;
  }

  /** Merges `fields` into the spec. */
  spec(fields: NonNullable<Pod['spec']>): this {
    (this.obj as { spec: Pod['spec'] }).spec = { ...this.obj.spec, ...fields };
    return this;
  }

  private containers(): Container[] {
    return this.obj.spec?.containers ?? [];
  }
}

/** A pod builder. */
export function makePod(name: string): PodBuilder {
  return new PodBuilder(name);
}
