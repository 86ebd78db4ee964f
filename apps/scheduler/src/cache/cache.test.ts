import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../builders.test-support.js';
import { parseLabelSelector } from '@wheelhouse/machinery';
import { countMatchingOn } from '../plugins/podtopologyspread/constraints.js';
import { SchedulerCache } from './cache.js';
import { Snapshot } from './snapshot.js';

const n1 = makeNode('n1').capacity({ cpu: '4', pods: '10' }).obj;
const n2 = makeNode('n2').capacity({ cpu: '4', pods: '10' }).obj;

function cacheWith(...nodes: (typeof n1)[]): { cache: SchedulerCache; snapshot: Snapshot } {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.addNode(n);
  const snapshot = new Snapshot();
  cache.updateSnapshot(snapshot);
  return { cache, snapshot };
}

describe('SchedulerCache', () => {
  it('makes an assumed pod take its resources in the next snapshot, and forget gives them back', () => {
    const { cache, snapshot } = cacheWith(n1, n2);
    const pod = makePod('p').req({ cpu: '3' }).node('n1').obj;
    cache.assumePod(pod);
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n1')?.requested.milliCPU).toBe(3000);
    expect(cache.isAssumedPod(pod)).toBe(true);
    cache.forgetPod(pod);
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n1')?.requested.milliCPU).toBe(0);
    expect(() => cache.forgetPod(pod)).toThrow("wasn't assumed so cannot be forgotten");
  });

  it('confirms an assumed pod when the informer reports it bound, even on another node', () => {
    const { cache, snapshot } = cacheWith(n1, n2);
    const pod = makePod('p').req({ cpu: '1' }).node('n1').obj;
    cache.assumePod(pod);
    cache.finishBinding(pod);
    cache.addPod({ ...pod, spec: { ...pod.spec, nodeName: 'n2' } });
    cache.updateSnapshot(snapshot);
    expect(cache.isAssumedPod(pod)).toBe(false);
    expect(snapshot.get('n1')?.pods).toHaveLength(0);
    expect(snapshot.get('n2')?.pods).toHaveLength(1);
    expect(() => cache.assumePod(pod)).toThrow("is in the cache, so can't be assumed");
  });

  it('adds, updates and removes bound pods', () => {
    const { cache, snapshot } = cacheWith(n1);
    const pod = makePod('p').req({ cpu: '1' }).node('n1').obj;
    cache.addPod(pod);
    cache.updatePod(
      pod,
      makePod('p')
        .uid(pod.metadata?.uid ?? '')
        .req({ cpu: '2' })
        .node('n1').obj,
    );
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n1')?.requested.milliCPU).toBe(2000);
    cache.removePod(pod);
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n1')?.pods).toHaveLength(0);
    expect(cache.sizes()).toEqual({ nodes: 1, pods: 0, assumedPods: 0 });
  });

  it('keeps pods of a deleted node until they are deleted, but not the node in snapshots', () => {
    const { cache, snapshot } = cacheWith(n1, n2);
    const pod = makePod('p').node('n1').obj;
    cache.addPod(pod);
    cache.removeNode(n1);
    cache.updateSnapshot(snapshot);
    expect(snapshot.list().map((n) => n.name)).toEqual(['n2']);
    cache.addNode(n1);
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n1')?.pods).toHaveLength(1);
  });

  it('holds pods whose node is not known yet and shows them once it is', () => {
    const { cache, snapshot } = cacheWith();
    cache.addPod(makePod('early').req({ cpu: '1' }).node('n1').obj);
    cache.updateSnapshot(snapshot);
    expect(snapshot.numNodes()).toBe(0);
    cache.addNode(n1);
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n1')?.requested.milliCPU).toBe(1000);
  });

  it('copies only changed nodes into the snapshot and never shares them with the cache', () => {
    const { cache, snapshot } = cacheWith(n1, n2);
    const before2 = snapshot.get('n2');
    const before1 = snapshot.get('n1');
    cache.addPod(makePod('p').req({ cpu: '1' }).node('n1').obj);
    expect(snapshot.get('n1')?.pods).toHaveLength(0); // not refreshed yet
    cache.updateSnapshot(snapshot);
    expect(snapshot.get('n2')).toBe(before2);
    expect(snapshot.get('n1')).toBe(before1); // refreshed in place, so lists stay valid
    expect(snapshot.get('n1')?.pods).toHaveLength(1);
  });

  it('lists nodes zone by zone in turn', () => {
    const zoned = (name: string, zone: string) => makeNode(name).label('topology.kubernetes.io/zone', zone).obj;
    const { snapshot } = cacheWith(
      zoned('a1', 'a'),
      zoned('a2', 'a'),
      zoned('a3', 'a'),
      zoned('b1', 'b'),
      zoned('c1', 'c'),
    );
    expect(snapshot.list().map((n) => n.name)).toEqual(['a1', 'b1', 'c1', 'a2', 'a3']);
  });

  it('keeps the affinity lists of the snapshot current', () => {
    const { cache, snapshot } = cacheWith(n1, n2);
    const withAffinity = makePod('a')
      .node('n2')
      .affinity({ podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } }).obj;
    cache.addPod(withAffinity);
    cache.updateSnapshot(snapshot);
    expect(snapshot.havePodsWithAffinityList().map((n) => n.name)).toEqual(['n2']);
    cache.removePod(withAffinity);
    cache.updateSnapshot(snapshot);
    expect(snapshot.havePodsWithAffinityList()).toHaveLength(0);
  });

  it("keeps a node's label counts through status changes and recounts when labels or deletion change", () => {
    const { cache, snapshot } = cacheWith(n1);
    const app = parseLabelSelector('app=web');
    const pod = makePod('p').label('app', 'web').node('n1').obj;
    cache.assumePod(pod);
    cache.addPod(pod);
    cache.updateSnapshot(snapshot);
    const node = snapshot.get('n1')!;
    expect(countMatchingOn(node, app, pod.metadata?.namespace ?? '')).toBe(1);
    const labelsGeneration = node.labelsGeneration;
    const running = { ...pod, status: { phase: 'Running' } };
    cache.updatePod(pod, running);
    cache.updateSnapshot(snapshot);
    expect(node.labelsGeneration).toBe(labelsGeneration);
    expect(node.pods[0]?.pod.status?.phase).toBe('Running');
    const relabelled = { ...running, metadata: { ...running.metadata, labels: { app: 'api' } } };
    cache.updatePod(running, relabelled);
    cache.updateSnapshot(snapshot);
    expect(countMatchingOn(node, app, pod.metadata?.namespace ?? '')).toBe(0);
    const deleting = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } };
    cache.updatePod(relabelled, pod);
    cache.updateSnapshot(snapshot);
    expect(countMatchingOn(node, app, pod.metadata?.namespace ?? '')).toBe(1);
    cache.updatePod(pod, deleting);
    cache.updateSnapshot(snapshot);
    expect(countMatchingOn(node, app, pod.metadata?.namespace ?? '')).toBe(0);
  });
});
