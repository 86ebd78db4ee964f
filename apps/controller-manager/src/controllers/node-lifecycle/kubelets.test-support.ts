/**
 * Plays the kubelets for the node lifecycle tests: registers Nodes with a status and a Lease in
 * kube-node-lease, renews the Leases of the nodes still alive (every 10 s of fake time, as a
 * kubelet with a 40 s lease does), posts conditions, and binds Ready pods to nodes.
 */
import type { Node, NodeCondition, Pod } from '@wheelhouse/api';
import { type RestClient, type Served, isNotFound } from '@wheelhouse/client';
import { formatMicroTime, formatTime } from '@wheelhouse/machinery';
import { markReady } from '../../test-cluster.test-support.js';

const LEASES = 'kube-node-lease';
const RENEW_EVERY_MS = 10_000;

/** Conditions to post besides Ready, by type, e.g. `{ MemoryPressure: 'True' }`. */
export type ExtraConditions = Record<string, 'True' | 'False' | 'Unknown'>;

/** The simulated kubelets of one test. */
export class FakeKubelets {
  private readonly alive = new Set<string>();
  private readonly renewedAt = new Map<string, number>();

  constructor(
    private readonly client: RestClient,
    /** The time heartbeats carry (the controllers' clock once they run). */
    private readonly clock: () => { now(): number },
  ) {}

  /** Registers `name` with `labels`, posts Ready (and `extra`) and starts heartbeating. */
  async register(name: string, labels: Record<string, string> = {}, extra: ExtraConditions = {}): Promise<void> {
    await this.client.resource('nodes').create({ metadata: { name, labels } });
    await this.post(name, 'True', extra);
    this.alive.add(name);
    await this.renew(name);
  }

  /** Registers a node whose kubelet never posts a status nor a Lease. */
  async registerSilent(name: string): Promise<void> {
    await this.client.resource('nodes').create({ metadata: { name } });
  }

  /** Posts the Ready condition `ready` and `extra` conditions, heartbeat now (a transition when Ready changed). */
  async post(name: string, ready: 'True' | 'False', extra: ExtraConditions = {}): Promise<void> {
    const now = formatTime(this.clock().now());
    const node = await this.client.resource('nodes').get(name);
    const old = new Map((node.status?.conditions ?? []).map((c) => [c.type, c]));
    const condition = (type: string, status: string): NodeCondition => ({
      type,
      status,
      reason: `Kubelet${type}`,
      lastHeartbeatTime: now,
      lastTransitionTime: old.get(type)?.status === status ? old.get(type)!.lastTransitionTime : now,
    });
    const conditions = [condition('Ready', ready), ...Object.entries(extra).map(([t, s]) => condition(t, s))];
    await this.client
      .resource('nodes')
      .patch(name, { status: { conditions } }, { subresource: 'status', type: 'merge' });
  }

  /** Stops `name`'s heartbeats (its Lease and status go stale). */
  fail(name: string): void {
    this.alive.delete(name);
  }

  /** Resumes `name`'s heartbeats: Lease renewed and Ready posted now. */
  async recover(name: string): Promise<void> {
    this.alive.add(name);
    await this.renew(name);
    await this.post(name, 'True');
  }

  /** Renews the Leases of alive nodes last renewed 10 s ago or more. */
  async beat(): Promise<void> {
    const now = this.clock().now();
    for (const name of this.alive) {
      if (now - (this.renewedAt.get(name) ?? 0) >= RENEW_EVERY_MS) await this.renew(name);
    }
  }

  private async renew(name: string): Promise<void> {
    const now = this.clock().now();
    const leases = this.client.resource('leases', LEASES);
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: formatMicroTime(now) };
    try {
      const lease = await leases.get(name);
      await leases.update({ ...lease, spec });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      await leases.create({ metadata: { name, namespace: LEASES }, spec });
    }
    this.renewedAt.set(name, now);
  }
}

/** Creates a pod bound to `node` in `namespace` and marks it Running and Ready at `at` ms. */
export async function runningPod(
  client: RestClient,
  namespace: string,
  name: string,
  node: string,
  at: number,
): Promise<Served<Pod>> {
  const pod = await client
    .resource('pods', namespace)
    .create({ metadata: { name }, spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox' }] } });
  await markReady(client, pod, at);
  return pod;
}

/** Deletes every Node and node Lease (nodes are cluster-scoped: tests clean them up). */
export async function deleteAllNodes(client: RestClient): Promise<void> {
  for (const node of (await client.resource('nodes').list()).items)
    await client.resource('nodes').delete(node.metadata.name);
  for (const lease of (await client.resource('leases', LEASES).list()).items) {
    await client.resource('leases', LEASES).delete(lease.metadata.name);
  }
}

/** The node's taints as "key:Effect" strings, sorted. */
export function taintsOf(node: Served<Node>): string[] {
  return (node.spec?.taints ?? []).map((t) => `${t.key}:${t.effect}`).sort();
}

/** A clock a test moves (the controllers' FakeClock). */
interface SteppedClock {
  now(): number;
  advance(ms: number): Promise<void>;
}

/**
 * Steps `clock` 1 s at a time, the kubelets heartbeating before each step, until `check` accepts
 * what `read` returns; fails after `maxMs` of fake time, showing the last value.
 */
export async function advanceUntil<T>(
  kubelets: FakeKubelets,
  clock: SteppedClock,
  read: () => Promise<T>,
  check: (v: T) => boolean,
  what: string,
  maxMs = 120_000,
): Promise<T> {
  const end = clock.now() + maxMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (clock.now() >= end) {
      throw new Error(
        `${what}: not reached after ${maxMs} ms of fake time (last: ${JSON.stringify(value)?.slice(0, 2000)})`,
      );
    }
    await kubelets.beat();
    await clock.advance(1000);
  }
}

/** Steps `clock` `ms` forward, 1 s at a time, the kubelets heartbeating before each step. */
export async function advance(kubelets: FakeKubelets, clock: SteppedClock, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 1000) {
    await kubelets.beat();
    await clock.advance(1000);
  }
}
