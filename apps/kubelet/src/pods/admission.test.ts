import { describe, expect, it } from 'vitest';
import type { CachedNode, CachedPod } from '../types.js';
import { admit } from './admission.js';

const node = {
  metadata: { name: 'n1', uid: 'u', resourceVersion: '1', labels: { zone: 'a', gen: '5' } },
  status: { allocatable: { cpu: '2', memory: '1Gi', pods: '2', 'example.com/gpu': '1' } },
} as unknown as CachedNode;

function pod(name: string, requests: Record<string, string> = {}, spec: Record<string, unknown> = {}): CachedPod {
  return {
    metadata: { name, uid: name, resourceVersion: '1' },
    spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'i', resources: { requests } }], ...spec },
  } as unknown as CachedPod;
}

describe('kubelet admission', () => {
  it('admits a pod that fits', () => {
    expect(admit(pod('a', { cpu: '1', memory: '512Mi' }), node, [pod('b', { cpu: '1' })])).toBeUndefined();
  });

  it('refuses pods, memory and extended resources beyond allocatable with the kubelet messages', () => {
    expect(admit(pod('a'), node, [pod('b'), pod('c')])).toEqual({
      reason: 'OutOfpods',
      message: "Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2",
    });
    expect(admit(pod('a', { memory: '1Gi' }), node, [pod('b', { memory: '1' })])).toEqual({
      reason: 'OutOfmemory',
      message: "Node didn't have enough resource: memory, requested: 1073741824, used: 1, capacity: 1073741824",
    });
    expect(admit(pod('a', { 'example.com/gpu': '2' }), node, [])?.reason).toBe('OutOfexample.com/gpu');
    expect(admit(pod('a', { 'example.com/fpga': '2' }), node, [])).toBeUndefined();
  });

  it('refuses a pod for another OS as the kubelet does', () => {
    expect(admit(pod('a', {}, { os: { name: 'windows' } }), node, [])).toEqual({
      reason: 'PodOSNotSupported',
      message: "Failed to admit pod as the OS field doesn't match node OS",
    });
  });

  it('counts the largest init container when it exceeds the containers', () => {
    const init = { initContainers: [{ name: 'i', image: 'i', resources: { requests: { cpu: '3' } } }] };
    expect(admit(pod('a', { cpu: '100m' }, init), node, [])?.reason).toBe('OutOfcpu');
  });

  it('checks the node selector and required node affinity', () => {
    const term = (key: string, operator: string, values?: string[]) => ({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key, operator, values }] }],
          },
        },
      },
    });
    expect(admit(pod('a', {}, { nodeSelector: { zone: 'a' } }), node, [])).toBeUndefined();
    expect(admit(pod('a', {}, term('zone', 'In', ['a', 'b'])), node, [])).toBeUndefined();
    expect(admit(pod('a', {}, term('gen', 'Gt', ['4'])), node, [])).toBeUndefined();
    expect(admit(pod('a', {}, term('gen', 'Lt', ['4'])), node, [])?.reason).toBe('NodeAffinity');
    expect(admit(pod('a', {}, term('zone', 'DoesNotExist')), node, [])?.reason).toBe('NodeAffinity');
  });

  it('counts sidecars (restartable init containers) next to the containers, as the kubelet does', () => {
    const sidecar = {
      initContainers: [{ name: 's', image: 'i', restartPolicy: 'Always', resources: { requests: { cpu: '1' } } }],
    };
    expect(admit(pod('a', { cpu: '1500m' }, sidecar), node, [])).toEqual({
      reason: 'OutOfcpu',
      message: "Node didn't have enough resource: cpu, requested: 2500, used: 0, capacity: 2000",
    });
  });

  it("refuses a pod that does not tolerate a NoExecute taint (NoSchedule taints are the scheduler's)", () => {
    const tainted = {
      ...node,
      spec: {
        taints: [
          { key: 'dedicated', value: 'db', effect: 'NoExecute' },
          { key: 'gpu', effect: 'NoSchedule' },
        ],
      },
    } as unknown as CachedNode;
    expect(admit(pod('a'), tainted, [])).toEqual({
      reason: 'TaintToleration',
      message: "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate",
    });
    const equal = { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'db', effect: 'NoExecute' }] };
    expect(admit(pod('a', {}, equal), tainted, [])).toBeUndefined();
    expect(admit(pod('a', {}, { tolerations: [{ operator: 'Exists' }] }), tainted, [])).toBeUndefined();
    const other = { tolerations: [{ key: 'dedicated', value: 'web' }] };
    expect(admit(pod('a', {}, other), tainted, [])?.reason).toBe('TaintToleration');
  });
});
