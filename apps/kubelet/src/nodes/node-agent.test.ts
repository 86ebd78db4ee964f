import type { Lease, Node } from '@wheelhouse/api';
import { type EventRecorder, restListerWatcherFactory, SharedInformerFactory } from '@wheelhouse/client';
import { FakeClock, until } from '@wheelhouse/testing';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../cluster.test-support.js';
import { WeightedDelayingQueue } from '../queue/delaying-queue.js';
import { wire, type Wiring } from '../wiring.js';
import { NodeAgent } from './node-agent.js';
import type { NodeConfig } from './node-config.js';

const logger = pino({ level: 'silent' });
let api: TestApi;
let wiring: Wiring;
const stop = new AbortController();

let factory: SharedInformerFactory;

beforeAll(async () => {
  api = await startTestApi();
  factory = new SharedInformerFactory({ listerWatcherFor: restListerWatcherFactory(api.client), logger });
  wiring = wire(api.client, factory);
  factory.start(stop.signal);
  await factory.waitForCacheSync(stop.signal);
});
afterAll(async () => {
  stop.abort();
  await factory.shutdown();
  await api.stop();
});

function config(name: string, extra: Partial<NodeConfig> = {}): NodeConfig {
  return {
    name,
    capacity: { cpu: '4', memory: '16Gi', pods: '110' },
    systemReserved: { cpu: '500m' },
    labels: { 'node.kubernetes.io/instance-type': 'sim.large' },
    taints: [{ key: 'dedicated', value: 'sim', effect: 'NoSchedule' }],
    podCIDR: '10.64.1.0/24',
    ip: '10.1.0.1',
    kubeletPort: 10250,
    leaseDurationSeconds: 40,
    ...extra,
  };
}

const agents: NodeAgent[] = [];
afterEach(() => {
  for (const a of agents.splice(0)) a.stop();
});

/** An Event the agent recorded: its subject, reason and message. */
interface RecordedEvent {
  subject: unknown;
  reason: string;
  message: string;
}

function start(
  cfg: NodeConfig,
  clock = new FakeClock(),
): { agent: NodeAgent; clock: FakeClock; running: string[]; queue: WeightedDelayingQueue; events: RecordedEvent[] } {
  const queue = new WeightedDelayingQueue({ clock, logger });
  const running: string[] = [];
  const events: RecordedEvent[] = [];
  const recorder = {
    event: (subject: unknown, type: string, reason: string, message: string) => {
      expect(type).toBe('Normal');
      events.push({ subject, reason, message });
    },
  } as unknown as EventRecorder;
  const agent = new NodeAgent(cfg, {
    nodes: api.client.resource('nodes'),
    leases: api.client.resource('leases'),
    cachedNode: (name) => wiring.nodes.lister().get(name),
    queue,
    clock,
    random: () => 0.5,
    logger,
    statusUpdateMs: 10_000,
    statusReportMs: 300_000,
    onRunning: (name) => running.push(name),
    recorder: () => recorder,
  });
  agents.push(agent);
  agent.start();
  return { agent, clock, running, queue, events };
}

const reasons = (events: RecordedEvent[]): string[] => events.map((e) => e.reason);

const getNode = (name: string): Promise<Node> => api.client.resource('nodes').get(name);
const getLease = (name: string): Promise<Lease> =>
  api.client.resource('leases').get(name, { namespace: 'kube-node-lease' });

/** Moves fake time in 200 ms steps, letting the queue's requests finish before each step. */
async function step(clock: FakeClock, queue: WeightedDelayingQueue, ms: number): Promise<void> {
  for (let t = 0; t < ms; t += 200) {
    await queue.idle();
    await clock.advance(200);
    await queue.idle();
  }
}

async function cachedVersion(name: string, rv: string): Promise<void> {
  await until(() => wiring.nodes.lister().get(name)?.metadata.resourceVersion === rv, `cache of ${name} at ${rv}`);
}

describe('NodeAgent', () => {
  it('registers a Ready node with capacity, addresses, labels, taints and node info, and its lease', async () => {
    const { agent, running } = start(config('reg-1'));
    await until(() => agent.state === 'running', 'node running');
    const node = await getNode('reg-1');
    expect(node.metadata?.labels).toMatchObject({
      'kubernetes.io/hostname': 'reg-1',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'node.kubernetes.io/instance-type': 'sim.large',
    });
    expect(node.spec).toMatchObject({
      podCIDR: '10.64.1.0/24',
      taints: [{ key: 'dedicated', value: 'sim', effect: 'NoSchedule' }],
    });
    expect(node.status?.capacity).toEqual({ cpu: '4', memory: '16Gi', pods: '110' });
    expect(node.status?.allocatable).toEqual({ cpu: '3500m', memory: '16Gi', pods: '110' });
    expect(node.status?.addresses).toEqual([
      { type: 'InternalIP', address: '10.1.0.1' },
      { type: 'ExternalIP', address: '127.0.0.1' },
      { type: 'Hostname', address: 'reg-1' },
    ]);
    expect(node.status?.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.0',
      containerRuntimeVersion: 'wheelhouse-sim://0.1.0',
    });
    expect(node.status?.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 10250 } });
    const ready = node.status?.conditions?.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
    expect(ready?.lastHeartbeatTime).toBe('2026-01-01T00:00:00Z');
    expect(node.status?.conditions?.map((c) => c.type).sort()).toEqual([
      'DiskPressure',
      'MemoryPressure',
      'PIDPressure',
      'Ready',
    ]);
    await until(async () => (await getLease('reg-1').catch(() => undefined)) !== undefined, 'lease');
    const lease = await getLease('reg-1');
    expect(lease.spec).toMatchObject({
      holderIdentity: 'reg-1',
      leaseDurationSeconds: 40,
      renewTime: '2026-01-01T00:00:00.000000Z',
    });
    expect(lease.metadata?.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Node', name: 'reg-1', uid: node.metadata?.uid }),
    ]);
    expect(running).toEqual(['reg-1']);
  });

  it("records the kubelet's Events of a new node: its start, its pressure conditions (not Ready: it starts Ready)", async () => {
    const { agent, events } = start(config('events-1'));
    await until(() => agent.state === 'running', 'node running');
    expect(reasons(events)).toEqual([
      'Starting',
      'NodeHasSufficientMemory',
      'NodeHasNoDiskPressure',
      'NodeHasSufficientPID',
      'NodeAllocatableEnforced',
    ]);
    expect(events.map((e) => e.message)).toContain('Starting kubelet.');
    expect(events.map((e) => e.message)).toContain('Updated Node Allocatable limit across pods');
    expect(events[1]).toEqual({
      subject: { kind: 'Node', name: 'events-1', uid: 'events-1' },
      reason: 'NodeHasSufficientMemory',
      message: 'Node events-1 status is now: NodeHasSufficientMemory',
    });
  });

  it('renews the lease every leaseDuration/4 and writes no status when nothing changed', async () => {
    const { agent, clock, queue } = start(config('beat-1'));
    await until(() => agent.state === 'running', 'node running');
    await until(async () => (await getLease('beat-1').catch(() => undefined)) !== undefined, 'lease');
    const rv = (await getNode('beat-1')).metadata!.resourceVersion!;
    await cachedVersion('beat-1', rv);
    const renewTimes = new Set([(await getLease('beat-1')).spec!.renewTime!]);
    // fake time moves in 200 ms steps, each after the queue's requests finished
    for (let t = 0; t < 26_000; t += 200) {
      await step(clock, queue, 200);
      renewTimes.add((await getLease('beat-1')).spec!.renewTime!);
    }
    // the first renewal lands at a random point of the 10 s interval (0.5 here), then every 10 s + 4 % jitter
    const times = [...renewTimes].map((t) => Date.parse(t) - Date.parse([...renewTimes][0]!));
    expect(times).toEqual([0, 5_000, 15_200, 25_400]);
    expect((await getNode('beat-1')).metadata!.resourceVersion).toBe(rv);
  });

  it('writes the status again when the control plane changed it (recording NodeReady), and when the report period passed', async () => {
    const { agent, clock, queue, events } = start(config('change-1'));
    await until(() => agent.state === 'running', 'node running');
    events.length = 0;
    const node = await getNode('change-1');
    const conditions = node.status!.conditions!.map((c) =>
      c.type === 'Ready' ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown' } : c,
    );
    const patched = await api.client
      .resource('nodes')
      .patch('change-1', { status: { conditions } }, { type: 'merge', subresource: 'status' });
    await cachedVersion('change-1', patched.metadata.resourceVersion);
    await step(clock, queue, 10_600);
    await until(
      async () => (await getNode('change-1')).status!.conditions!.find((c) => c.type === 'Ready')!.status === 'True',
      'Ready again',
    );
    expect(events.map((e) => e.message)).toEqual(['Node change-1 status is now: NodeReady']);
    const again = await getNode('change-1');
    await cachedVersion('change-1', again.metadata!.resourceVersion!);
    await step(clock, queue, 320_000);
    await until(
      async () => (await getNode('change-1')).metadata!.resourceVersion !== again.metadata!.resourceVersion,
      'report',
    );
    const hb = (await getNode('change-1')).status!.conditions!.find((c) => c.type === 'Ready')!.lastHeartbeatTime!;
    expect(Date.parse(hb)).toBeGreaterThan(Date.parse('2026-01-01T00:05:00Z'));
    // A report that changes no condition records nothing.
    expect(reasons(events)).toEqual(['NodeReady']);
  });

  it('adopts an existing Node and leaves its spec to the control plane', async () => {
    await api.client.resource('nodes').create({ metadata: { name: 'adopt-1' }, spec: { unschedulable: true } });
    const { agent } = start(config('adopt-1'));
    await until(() => agent.state === 'running', 'node running');
    const node = await getNode('adopt-1');
    expect(node.spec?.unschedulable).toBe(true);
    expect(node.spec?.taints).toBeUndefined();
    expect(node.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('fail stops lease renewal; recover resumes it', async () => {
    const { agent, clock, queue } = start(config('fail-1'));
    await until(() => agent.state === 'running', 'node running');
    await until(async () => (await getLease('fail-1').catch(() => undefined)) !== undefined, 'lease');
    agent.fail();
    const before = (await getLease('fail-1')).spec!.renewTime;
    await step(clock, queue, 60_000);
    expect((await getLease('fail-1')).spec!.renewTime).toBe(before);
    agent.recover();
    await until(async () => (await getLease('fail-1')).spec!.renewTime !== before, 'renewed after recover');
    expect(agent.state).toBe('running');
  });

  it('records every condition back to health when it recovers from the Unknown the node lifecycle controller set', async () => {
    const { agent, events } = start(config('unknown-1'));
    await until(() => agent.state === 'running', 'node running');
    agent.fail();
    events.length = 0;
    const node = await getNode('unknown-1');
    const conditions = node.status!.conditions!.map((c) => ({ ...c, status: 'Unknown', reason: 'NodeStatusUnknown' }));
    const patched = await api.client
      .resource('nodes')
      .patch('unknown-1', { status: { conditions } }, { type: 'merge', subresource: 'status' });
    await cachedVersion('unknown-1', patched.metadata.resourceVersion);
    agent.recover();
    await until(() => agent.state === 'running', 'running again');
    // Its kubelet did not start again: no Starting, no NodeAllocatableEnforced.
    expect(reasons(events)).toEqual([
      'NodeHasSufficientMemory',
      'NodeHasNoDiskPressure',
      'NodeHasSufficientPID',
      'NodeReady',
    ]);
  });
});
