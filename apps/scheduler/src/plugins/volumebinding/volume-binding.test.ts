import type { PersistentVolume, PersistentVolumeClaim, Pod, StorageClass } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { makeNode, makePod } from '../../builders.test-support.js';
import { fakeListers } from '../../framework/framework.test-support.js';
import { filterNodes, pluginFramework, preFilter } from '../plugin.test-support.js';
import { newVolumeBinding, VolumeBinding } from './volume-binding.js';

const nodes = [makeNode('a').obj, makeNode('b').obj];

const classes: StorageClass[] = [
  { metadata: { name: 'now' }, provisioner: 'wheelhouse.dev/simulated', volumeBindingMode: 'Immediate' },
  { metadata: { name: 'later' }, provisioner: 'wheelhouse.dev/simulated', volumeBindingMode: 'WaitForFirstConsumer' },
  {
    metadata: { name: 'local' },
    provisioner: 'kubernetes.io/no-provisioner',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
];

const claim = (name: string, spec: PersistentVolumeClaim['spec']): PersistentVolumeClaim => ({
  metadata: { name, namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});

const onNode = (node: string) => ({
  required: {
    nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] }],
  },
});

const volumes: PersistentVolume[] = [
  {
    metadata: { name: 'pv-a' },
    spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], nodeAffinity: onNode('a') },
  },
  {
    metadata: { name: 'local-b' },
    spec: {
      capacity: { storage: '5Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'local',
      volumeMode: 'Filesystem',
      nodeAffinity: onNode('b'),
    },
    status: { phase: 'Available' },
  },
];

const claims = [
  claim('bound', { volumeName: 'pv-a' }),
  claim('immediate', { storageClassName: 'now' }),
  claim('delayed', { storageClassName: 'later' }),
  claim('local', { storageClassName: 'local' }),
  claim('dangling', { volumeName: 'gone' }),
];

const listers = {
  ...fakeListers(),
  storage: () => ({
    claim: (ns: string, name: string) => claims.find((c) => c.metadata?.name === name && c.metadata.namespace === ns),
    volume: (name: string) => volumes.find((v) => v.metadata?.name === name),
    volumes: () => volumes,
    storageClass: (name: string) => classes.find((c) => c.metadata?.name === name),
  }),
};

const { fwk, snapshot } = pluginFramework('VolumeBinding', newVolumeBinding, ['preFilter', 'filter'], {
  nodes,
  listers,
});

const podWith = (...claimNames: string[]): Pod => {
  const pod = makePod('p').obj;
  pod.spec!.volumes = claimNames.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } }));
  return pod;
};

describe('VolumeBinding', () => {
  it('skips pods without claims', () => {
    expect(preFilter(fwk, snapshot, makePod('p').obj)).toBe('Skip');
  });

  it('refuses a pod whose claim is missing or unbound with an Immediate class', () => {
    expect(preFilter(fwk, snapshot, podWith('nope'))).toBe(
      'UnschedulableAndUnresolvable: persistentvolumeclaim "nope" not found',
    );
    expect(preFilter(fwk, snapshot, podWith('immediate'))).toBe(
      'UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims',
    );
  });

  it("keeps a pod with a bound claim to the nodes its volume's node affinity allows", () => {
    expect(filterNodes(fwk, snapshot, podWith('bound'))).toEqual({
      a: '',
      b: 'UnschedulableAndUnresolvable: node(s) had volume node affinity conflict',
    });
  });

  it('lets a WaitForFirstConsumer claim go where it can be provisioned or a local volume matches', () => {
    expect(filterNodes(fwk, snapshot, podWith('delayed'))).toEqual({ a: '', b: '' });
    expect(filterNodes(fwk, snapshot, podWith('local'))).toEqual({
      a: "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
      b: '',
    });
  });

  it('refuses every node to a pod whose bound claim names a volume that does not exist', () => {
    const reason =
      'UnschedulableAndUnresolvable: node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
    expect(filterNodes(fwk, snapshot, podWith('dangling'))).toEqual({ a: reason, b: reason });
  });

  it("requeues a rejected pod when one of its own claims changes, not another pod's", () => {
    const claimEvent = new VolumeBinding(fwk)
      .eventsToRegister()
      .find((e) => e.event.resource === 'PersistentVolumeClaim')!;
    const pod = podWith('delayed');
    expect(claimEvent.hint!(pod, undefined, claims[2])).toBe('Queue');
    expect(claimEvent.hint!(pod, undefined, claims[0])).toBe('QueueSkip');
  });

  it('requeues a rejected pod for a new storage class or new allowedTopologies, not for other class updates', () => {
    const classEvent = new VolumeBinding(fwk).eventsToRegister().find((e) => e.event.resource === 'StorageClass')!;
    const pod = podWith('delayed');
    const sc = { metadata: { name: 'later' }, provisioner: 'p', volumeBindingMode: 'WaitForFirstConsumer' };
    const zoned = { ...sc, allowedTopologies: [{ matchLabelExpressions: [{ key: 'zone', values: ['a'] }] }] };
    expect(classEvent.hint!(pod, undefined, sc)).toBe('Queue');
    expect(classEvent.hint!(pod, sc, zoned)).toBe('Queue');
    expect(classEvent.hint!(pod, sc, { ...sc, metadata: { name: 'later', labels: { x: 'y' } } })).toBe('QueueSkip');
  });
});
