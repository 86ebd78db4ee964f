import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../builders.test-support.js';
import { NodeInfo } from './node-info.js';

const node = makeNode('n').capacity({ cpu: '4', memory: '8Gi', pods: '110', 'example.com/gpu': '2' }).obj;

describe('NodeInfo', () => {
  it('reads allocatable from the node', () => {
    const n = new NodeInfo(node);
    expect(n.allocatable).toMatchObject({ milliCPU: 4000, memory: 8 * 1024 ** 3, allowedPodNumber: 110 });
    expect(n.allocatable.scalar.get('example.com/gpu')).toBe(2);
  });

  it('aggregates requests (with init containers and overhead) and the non-zero requests', () => {
    const a = makePod('a').req({ cpu: '1', memory: '1Gi' }).obj;
    const b = makePod('b')
      .initReq({ cpu: '2' })
      .spec({ overhead: { cpu: '100m' } }).obj;
    const n = new NodeInfo(node, a, b);
    expect(n.requested).toMatchObject({ milliCPU: 3100, memory: 1024 ** 3 });
    // b's container sets nothing: 100m and 200Mi assumed; a's are its own.
    expect(n.nonZeroRequested).toMatchObject({ milliCPU: 1000 + 2000 + 100, memory: 1024 ** 3 + 200 * 1024 ** 2 });
  });

  it('tracks host ports and pods with affinity, and undoes everything on removal', () => {
    const withPort = makePod('p').hostPort(8080).obj;
    const anti = makePod('q').affinity({
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [
          { topologyKey: 'zone', labelSelector: { matchLabels: { a: 'b' } } },
        ],
      },
    }).obj;
    const n = new NodeInfo(node, withPort, anti);
    expect(n.usedPorts.conflicts('', 'TCP', 8080)).toBe(true);
    expect(n.podsWithAffinity.map((p) => p.pod.metadata?.name)).toEqual(['q']);
    expect(n.podsWithRequiredAntiAffinity).toHaveLength(1);
    const gen = n.generation;
    expect(n.removePod(withPort)).toBe(true);
    expect(n.removePod(anti)).toBe(true);
    expect(n.removePod(anti)).toBe(false);
    expect(n.usedPorts.size).toBe(0);
    expect(n.podsWithAffinity).toHaveLength(0);
    expect(n.requested.milliCPU).toBe(0);
    expect(n.generation).toBeGreaterThan(gen);
  });

  it('snapshots independently of later changes', () => {
    const n = new NodeInfo(node, makePod('a').req({ cpu: '1' }).obj);
    const copy = n.snapshot();
    n.addPod(makePod('b').req({ cpu: '1' }).hostPort(80).obj);
    expect(copy.pods).toHaveLength(1);
    expect(copy.requested.milliCPU).toBe(1000);
    expect(copy.usedPorts.size).toBe(0);
  });
});
