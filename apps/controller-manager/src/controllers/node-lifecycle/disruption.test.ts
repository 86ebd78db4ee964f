// Zone-aware tainting against a real API server, on a fake clock: a partial disruption of a
// large zone taints at the secondary rate, of a small one not at all; a fully disrupted cluster
// taints nothing until some node is Ready again; the zone metrics with kube's names.
import type { Node } from '@wheelhouse/api';
import { type Served, realClock } from '@wheelhouse/client';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newNodeLifecycleController } from './controller.js';
import { FakeKubelets, advance, advanceUntil as advanceClockUntil, deleteAllNodes } from './kubelets.test-support.js';

let settings: Record<string, unknown> = {};
let registry = new Registry();
const bed = useControllerTestBed(
  (ctx) => [newNodeLifecycleController({ ...ctx, metrics: registry }, { workers: 8, settings })],
  () => deleteAllNodes(bed.cluster.client),
);
const { cluster } = bed;
const ZONE_A = { 'topology.kubernetes.io/region': 'r1', 'topology.kubernetes.io/zone': 'a' };
const ZONE_B = { 'topology.kubernetes.io/region': 'r1', 'topology.kubernetes.io/zone': 'b' };

/** A zone's nodes: name prefix, count, labels. */
type Group = [prefix: string, count: number, labels: Record<string, string>];

/**
 * Registers the nodes of `groups` (names `<prefix>-<i>`), then starts the controller with `flags`:
 * its first pass sees every node at once, so nodes failed right after it go Unknown together.
 */
async function start(flags: Record<string, unknown>, ...groups: Group[]) {
  settings = flags;
  registry = new Registry();
  let started = false;
  const kubelets = new FakeKubelets(cluster.client, () => (started ? bed.running.clock : realClock));
  const names = [];
  for (const [prefix, count, labels] of groups) {
    const group = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
    for (const name of group) await kubelets.register(name, labels);
    names.push(group);
  }
  await bed.start();
  started = true;
  return { kubelets, names };
}

const listNodes = async () => (await cluster.client.resource('nodes').list()).items;
const noExecute = (n: Served<Node>) => (n.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
const unknown = (n: Served<Node>) =>
  n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'Unknown') ?? false;

/** Steps the clock until `check` accepts the nodes; fails after `maxMs` of fake time. */
const advanceUntil = (
  kubelets: FakeKubelets,
  check: (nodes: Served<Node>[]) => boolean,
  what: string,
  maxMs?: number,
) => advanceClockUntil(kubelets, bed.running.clock, listNodes, check, what, maxMs);

/** The seconds between successive NoExecute taints, in order. */
function taintGaps(nodes: Served<Node>[]): number[] {
  const times = nodes
    .flatMap(noExecute)
    .map((t) => Date.parse(t.timeAdded!))
    .sort((a, b) => a - b);
  return times.slice(1).map((t, i) => (t - times[i]!) / 1000);
}

async function metric(name: string, zone: string): Promise<number | undefined> {
  const got = await registry.getSingleMetric(name)?.get();
  return got?.values.find((v) => v.labels.zone === zone)?.value;
}

describe('node-lifecycle zones', () => {
  it('taints a partially disrupted zone of a large cluster at the secondary rate', async () => {
    const flags = { 'large-cluster-size-threshold': 3, 'node-eviction-rate': 10, 'secondary-node-eviction-rate': 0.2 };
    const { kubelets, names } = await start(flags, ['big', 6, ZONE_A]);
    for (const name of names[0]!.slice(0, 4)) kubelets.fail(name);
    const nodes = await advanceUntil(
      kubelets,
      (ns) => ns.filter((n) => noExecute(n).length > 0).length === 4,
      'four tainted',
    );
    // One node every 5 s (0.2 a second), not 10 a second.
    for (const gap of taintGaps(nodes)) expect(gap).toBeGreaterThanOrEqual(5);
    const zone = 'r1:\0:a';
    expect(await metric('node_collector_zone_size', zone)).toBe(6);
    expect(await metric('node_collector_unhealthy_nodes_in_zone', zone)).toBe(4);
    expect(await metric('node_collector_zone_health', zone)).toBeCloseTo(100 / 3);
    await eventually(
      () => metric('node_collector_evictions_total', zone),
      (v) => v === 4,
      'four evictions counted',
    );
  });

  it('taints a healthy zone at the normal rate', async () => {
    const flags = {
      'large-cluster-size-threshold': 3,
      'node-eviction-rate': 10,
      'secondary-node-eviction-rate': 0.001,
    };
    const { kubelets, names } = await start(flags, ['ok', 6, ZONE_A]);
    for (const name of names[0]!.slice(0, 2)) kubelets.fail(name);
    const nodes = await advanceUntil(
      kubelets,
      (ns) => ns.filter((n) => noExecute(n).length > 0).length === 2,
      'two tainted',
    );
    // 10 a second, give or take a monitor period and the test's steps; the secondary rate would take 1000 s.
    expect(taintGaps(nodes)[0]).toBeLessThan(60);
  });

  it('does not taint a partially disrupted zone of a small cluster', async () => {
    const { kubelets, names } = await start({}, ['small', 4, ZONE_A]);
    for (const name of names[0]!.slice(0, 3)) kubelets.fail(name);
    await advanceUntil(kubelets, (ns) => ns.filter(unknown).length === 3, 'three Unknown');
    await advance(kubelets, bed.running.clock, 30_000);
    const later = await listNodes();
    expect(later.filter(unknown)).toHaveLength(3);
    expect(later.flatMap(noExecute)).toEqual([]);
    expect(later.filter((n) => n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable'))).toHaveLength(
      3,
    );
  });

  it('taints nothing while every zone is down, and resumes once a node is Ready again', async () => {
    const { kubelets, names } = await start({}, ['za', 2, ZONE_A], ['zb', 1, ZONE_B]);
    const [zoneA, [zoneB]] = names as [string[], string[]];
    for (const name of [...zoneA, zoneB!]) kubelets.fail(name);
    await advanceUntil(kubelets, (ns) => ns.filter(unknown).length === 3, 'all Unknown');
    await advance(kubelets, bed.running.clock, 30_000);
    const down = await listNodes();
    expect(down.flatMap(noExecute)).toEqual([]);
    await kubelets.recover(zoneB!);
    const nodes = await advanceUntil(
      kubelets,
      (ns) => ns.filter((n) => noExecute(n).length > 0).length === 2,
      'zone a tainted',
      40_000,
    );
    expect(
      nodes
        .filter((n) => noExecute(n).length > 0)
        .map((n) => n.metadata.name)
        .sort(),
    ).toEqual(zoneA);
  });
});
