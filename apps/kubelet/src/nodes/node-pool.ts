import { EventRecorder, RestEventSink, sleep, type Clock, type RestClient } from '@wheelhouse/client';
import type { Logger } from 'pino';
import { KubeletError } from '../errors.js';
import type { PodNodes } from '../pods/pod-host.js';
import { NodeAgent, type NodeAgentDeps, type NodeState } from './node-agent.js';
import type { NodeConfig, NodeOverrides } from './node-config.js';
import { allocatable } from './node-object.js';
import { SharedEventSink } from './shared-event-sink.js';

/** Options of a {@link NodePool}. */
export interface NodePoolOptions {
  /** The configuration of the node named `name` (`index` is its number in the process, from 1). */
  configFor(name: string, index: number, overrides?: NodeOverrides): NodeConfig;
  /** The name the next added node gets when none is given. */
  nextName(index: number): string;
  /** What every node's agent works with (each gets its own kubelet's event recorder besides). */
  agentDeps: Omit<NodeAgentDeps, 'recorder'>;
  client: RestClient;
  clock: Clock;
  logger: Logger;
}

/** A hosted node and where it is in its life. */
export interface NodeSummary {
  name: string;
  state: NodeState;
}

/** How long stopping waits for recorded Events to be written before dropping the rest. */
export const EVENT_SHUTDOWN_GRACE_MS = 2_000;

/**
 * The nodes one process hosts, each a {@link NodeAgent} with its own event recorder (Events
 * come from "kubelet" on that host; the recorders share the process's event writes, see
 * {@link SharedEventSink}). Adds, removes, fails and recovers nodes by name; an
 * unknown name is a KubeletError naming it.
 */
export class NodePool implements PodNodes {
  private readonly agents = new Map<string, NodeAgent>();
  private readonly recorders = new Map<string, EventRecorder>();
  private readonly events: SharedEventSink;
  private index = 0;

  /** An empty pool. */
  constructor(private readonly o: NodePoolOptions) {
    this.events = new SharedEventSink(new RestEventSink(o.client));
  }

  /** Adds and starts a node (named by the prefix and the next number unless `name` is given). */
  add(name?: string, overrides?: NodeOverrides): NodeSummary {
    let index = ++this.index;
    while (!name && this.agents.has(this.o.nextName(index))) index = ++this.index;
    const nodeName = name ?? this.o.nextName(index);
    if (this.agents.has(nodeName)) throw new KubeletError('NodeExists', { node: nodeName });
    const deps: NodeAgentDeps = { ...this.o.agentDeps, recorder: (n) => this.recorder(n) };
    const agent = new NodeAgent(this.o.configFor(nodeName, index, overrides), deps);
    this.agents.set(nodeName, agent);
    agent.start();
    return this.summary(agent);
  }

  /** Stops hosting a node and deletes its Node object. */
  async remove(name: string): Promise<NodeSummary> {
    const agent = this.agent(name);
    this.agents.delete(name);
    await agent.remove();
    await this.recorders.get(name)?.shutdown();
    this.recorders.delete(name);
    return { name, state: 'stopped' };
  }

  /** Stops a node's heartbeats and status updates, and its pods' transitions. */
  fail(name: string): NodeSummary {
    const agent = this.agent(name);
    if (agent.state === 'failed') throw new KubeletError('NodeFailed', { node: name });
    agent.fail();
    return this.summary(agent);
  }

  /** Resumes a failed node. */
  recover(name: string): NodeSummary {
    const agent = this.agent(name);
    if (agent.state !== 'failed') throw new KubeletError('NodeNotFailed', { node: name });
    agent.recover();
    return this.summary(agent);
  }

  /** Every hosted node, in the order they were added. */
  list(): NodeSummary[] {
    return [...this.agents.values()].map((a) => this.summary(a));
  }

  /** Whether `name` is hosted here. */
  hosted(name: string): boolean {
    return this.agents.has(name);
  }

  /** Whether `name` is hosted here, heartbeating, and in the node cache (admission reads it there). */
  running(name: string): boolean {
    return this.agents.get(name)?.state === 'running' && this.o.agentDeps.cachedNode(name) !== undefined;
  }

  /** The allocatable the node reports ({} for a node not hosted here). */
  allocatable(name: string): Record<string, string> {
    const agent = this.agents.get(name);
    return agent ? allocatable(agent.config) : {};
  }

  /** The node's InternalIP ('' for a node not hosted here). */
  ip(name: string): string {
    return this.agents.get(name)?.config.ip ?? '';
  }

  /** The event recorder of the node's kubelet, created on first use. */
  recorder(name: string): EventRecorder {
    let r = this.recorders.get(name);
    if (!r) {
      const o = this.o;
      r = new EventRecorder({
        sink: this.events,
        component: 'kubelet',
        host: name,
        clock: o.clock,
        logger: o.logger,
      });
      this.recorders.set(name, r);
    }
    return r;
  }

  /**
   * Stops every node (their Node objects stay, as when a machine is switched off). Events
   * already recorded are written for up to `eventGraceMs`; those still waiting then are
   * dropped, as a real kubelet's are when it exits (at 1,000 nodes the backlog can be minutes
   * of writes, and SIGTERM must not wait for it).
   */
  async stop(eventGraceMs = EVENT_SHUTDOWN_GRACE_MS): Promise<void> {
    for (const agent of this.agents.values()) agent.stop();
    const drained = Promise.all([...this.recorders.values()].map((r) => r.shutdown()));
    const done = new AbortController();
    await Promise.race([drained, sleep(this.o.clock, eventGraceMs, done.signal).catch(() => undefined)]);
    done.abort();
    this.events.close();
    await drained;
  }

  private agent(name: string): NodeAgent {
    const agent = this.agents.get(name);
    if (!agent) throw new KubeletError('UnknownNode', { node: name });
    return agent;
  }

  private summary(agent: NodeAgent): NodeSummary {
    return { name: agent.name, state: agent.state };
  }
}
