import type { Lease, Node } from '@wheelhouse/api';
import { isNotFound, type Clock, type EventRecorder, type ResourceClient, type Served } from '@wheelhouse/client';
import type { Logger } from 'pino';
import { PRIORITY, type WeightedDelayingQueue } from '../queue/delaying-queue.js';
import type { CachedNode } from '../types.js';
import type { NodeConfig } from './node-config.js';
import { NODE_LEASE_NAMESPACE, NodeLease } from './lease.js';
import { nodeStatus } from './node-object.js';
import { conditionEvents, lastHeartbeat, recordConditionEvents, reportNodeStatus } from './node-status.js';
import { registerNode } from './registration.js';
import { writeStatusIfChanged } from '../status-writer.js';

/** What a {@link NodeAgent} works with; shared by every node of a process. */
export interface NodeAgentDeps {
  nodes: ResourceClient<Node>;
  leases: ResourceClient<Lease>;
  /** The node as the process's node informer holds it. */
  cachedNode(name: string): CachedNode | undefined;
  queue: WeightedDelayingQueue;
  clock: Clock;
  random: () => number;
  logger: Logger;
  /** How often the status is checked (--node-status-update-frequency). */
  statusUpdateMs: number;
  /** How often an unchanged status is written anyway (--node-status-report-frequency). */
  statusReportMs: number;
  /** Called when the node is registered (again) and heartbeating. */
  onRunning(name: string): void;
  /** The event recorder of the node's kubelet. */
  recorder(name: string): EventRecorder;
}

/** The life of a simulated node in its process. */
export type NodeState = 'registering' | 'running' | 'failed' | 'stopped';

/** The kubelet's Events when it starts (kube's events.StartingKubelet) and once it enforces node allocatable. */
const STARTING = 'Starting';
const ALLOCATABLE_ENFORCED = 'NodeAllocatableEnforced';

/** kubelet's heartbeat jitter factor (wait.JitterUntil with 0.04). */
const JITTER = 0.04;

/**
 * One simulated node: registers (or adopts) its Node, then renews its Lease every
 * leaseDuration/4 and checks its status every status update period, all as jobs on the shared
 * queue, the first renewals spread at random so many nodes do not beat in step. `fail` stops
 * every write as a crashed machine would; `recover` registers again and resumes.
 */
export class NodeAgent {
  private current: NodeState = 'stopped';
  private node: Served<Node> | undefined;
  private readonly lease: NodeLease;
  private lastReport = 0;
  private failures = 0;
  private renewals = 0;
  /** Whether this process started the node's kubelet already (a recovery is not a start). */
  private started = false;
  private readonly log: Logger;

  /** An agent for `config`; nothing happens before {@link start}. */
  constructor(
    readonly config: NodeConfig,
    private readonly deps: NodeAgentDeps,
  ) {
    this.lease = new NodeLease(deps.leases, config.name, config.leaseDurationSeconds, deps.clock);
    this.log = deps.logger.child({ node: config.name });
  }

  /** The node's name. */
  get name(): string {
    return this.config.name;
  }

  /** Where the node is in its life. */
  get state(): NodeState {
    return this.current;
  }

  /** Registers the node and starts heartbeating. */
  start(): void {
    this.current = 'registering';
    this.failures = 0;
    this.schedule('register', 0, () => this.register());
  }

  /** Stops every write for the node (heartbeats, status); the Node object stays as it is. */
  fail(): void {
    this.cancelJobs();
    this.current = 'failed';
  }

  /** Resumes a failed node: registers (adopts) again, reports Ready, renews the lease. */
  recover(): void {
    this.start();
  }

  /** Stops the node's jobs (the process is stopping or the node is removed). */
  stop(): void {
    this.cancelJobs();
    this.current = 'stopped';
  }

  /** Stops the node and deletes its Node object and its Lease (already gone is fine). */
  async remove(): Promise<void> {
    this.stop();
    await ignoreNotFound(this.deps.nodes.delete(this.name));
    await ignoreNotFound(this.deps.leases.delete(this.name, { namespace: NODE_LEASE_NAMESPACE }));
  }

  private async register(): Promise<void> {
    try {
      const node = await registerNode(this.deps.nodes, this.config);
      const desired = nodeStatus(this.config, this.deps.clock.now());
      const first = !this.started;
      if (first) this.recordEvent(STARTING, 'Starting kubelet.');
      this.started = true;
      if ((await writeStatusIfChanged(this.deps.nodes, node, 'Node', desired)) !== undefined)
        this.recordStatusEvents(conditionEvents(node, desired));
      if (first) this.recordEvent(ALLOCATABLE_ENFORCED, 'Updated Node Allocatable limit across pods');
      this.node = node;
      this.lastReport = this.deps.clock.now();
    } catch (err) {
      return this.retry('register', err, () => this.register());
    }
    if (this.current !== 'registering') return;
    this.failures = 0;
    this.current = 'running';
    this.log.info({ podCIDR: this.node.spec?.podCIDR }, 'node registered');
    this.renewals = 0;
    this.schedule('lease', 0, () => this.renewLease());
    this.schedule('status', this.deps.random() * this.deps.statusUpdateMs, () => this.checkStatus());
    this.deps.onRunning(this.name);
  }

  private async renewLease(): Promise<void> {
    try {
      await this.lease.renew(this.node);
    } catch (err) {
      return this.retry('lease', err, () => this.renewLease());
    }
    this.failures = 0;
    const interval = (this.config.leaseDurationSeconds * 1000) / 4;
    // The first renewal after registration lands at a random point of the interval: nodes
    // registered together then renew spread out instead of in bursts.
    const next = this.renewals++ === 0 ? this.deps.random() * interval : interval * (1 + JITTER * this.deps.random());
    this.schedule('lease', next, () => this.renewLease());
  }

  private async checkStatus(): Promise<void> {
    const node = this.deps.cachedNode(this.name);
    if (!node) return this.start();
    const now = this.deps.clock.now();
    const due = now - Math.max(this.lastReport, lastHeartbeat(node)) >= this.deps.statusReportMs;
    try {
      const events = await reportNodeStatus(this.deps.nodes, node, this.config, now, due);
      if (events) {
        this.lastReport = now;
        this.recordStatusEvents(events);
      }
    } catch (err) {
      return this.retry('status', err, () => this.checkStatus());
    }
    this.schedule('status', this.deps.statusUpdateMs * (1 + JITTER * this.deps.random()), () => this.checkStatus());
  }

  /** Records the node's condition Events as the kubelet does ("Node NAME status is now: REASON"). */
  private recordStatusEvents(reasons: readonly string[]): void {
    recordConditionEvents(this.deps.recorder(this.name), this.name, reasons);
  }

  /** Records a Normal Event about the node, from its kubelet. */
  private recordEvent(reason: string, message: string): void {
    // kube's kubelet names its node in Events with the node's name as its uid.
    this.deps.recorder(this.name).event({ kind: 'Node', name: this.name, uid: this.name }, 'Normal', reason, message);
  }

  /** kubelet's retry after a failed heartbeat: 200 ms doubling to 7 s. */
  private retry(job: string, err: unknown, run: () => Promise<void>): void {
    const delay = Math.min(200 * 2 ** this.failures++, 7_000);
    this.log.warn({ err, job, retryInMs: delay }, 'node heartbeat failed; retrying');
    this.schedule(job, delay, run, PRIORITY.retry);
  }

  private schedule(
    job: string,
    delayMs: number,
    run: () => Promise<void>,
    priority: number = PRIORITY.heartbeat,
  ): void {
    if (this.current === 'failed' || this.current === 'stopped') return;
    this.deps.queue.schedule(`node-${job}/${this.name}`, delayMs, priority, run);
  }

  private cancelJobs(): void {
    for (const job of ['register', 'lease', 'status']) this.deps.queue.cancel(`node-${job}/${this.name}`);
  }
}

async function ignoreNotFound(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
