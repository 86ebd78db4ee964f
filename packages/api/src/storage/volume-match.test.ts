import { describe, expect, it } from 'vitest';
import type { PersistentVolume } from '../schema/core-v1-persistentvolume.js';
import type { PersistentVolumeClaim } from '../schema/core-v1-volume.js';
import { findMatchingVolume } from './volume-match.js';

const claim: PersistentVolumeClaim = {
  metadata: { name: 'data', namespace: 'default', uid: 'c1' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '2Gi' } },
    storageClassName: 'fast',
    selector: { matchLabels: { tier: 'db' } },
  },
};

const pv = (name: string, storage: string, extra: Partial<NonNullable<PersistentVolume['spec']>> = {}) => ({
  metadata: { name, labels: { tier: 'db' } },
  spec: { capacity: { storage }, accessModes: ['ReadWriteOnce', 'ReadOnlyMany'], storageClassName: 'fast', ...extra },
  status: { phase: 'Available' },
});

describe('findMatchingVolume', () => {
  it('picks the smallest Available volume of the class, modes, size and labels the claim asks for', () => {
    const volumes = [
      pv('huge', '100Gi'),
      pv('small', '1Gi'),
      pv('right', '5Gi'),
      pv('other-class', '3Gi', { storageClassName: 'slow' }),
      pv('rox-only', '3Gi', { accessModes: ['ReadOnlyMany'] }),
      { ...pv('unlabelled', '3Gi'), metadata: { name: 'unlabelled' } },
      pv('block', '3Gi', { volumeMode: 'Block' }),
    ];
    expect(findMatchingVolume(claim, volumes)?.metadata.name).toBe('right');
  });

  it('prefers a volume prebound to the claim, and leaves others to the scheduler under delayed binding', () => {
    const prebound = pv('mine', '100Gi', { claimRef: { namespace: 'default', name: 'data' } });
    expect(findMatchingVolume(claim, [pv('right', '5Gi'), prebound])?.metadata.name).toBe('mine');
    expect(findMatchingVolume(claim, [pv('right', '5Gi')], { delayBinding: true })).toBeUndefined();
  });

  it("honours the volume's node affinity for a given node", () => {
    const onB = pv('on-b', '5Gi', {
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['b'] }] }],
        },
      },
    });
    const node = (name: string) => ({ metadata: { name, labels: { 'kubernetes.io/hostname': name } } });
    expect(findMatchingVolume(claim, [onB], { node: node('a'), delayBinding: true })).toBeUndefined();
    expect(findMatchingVolume(claim, [onB], { node: node('b'), delayBinding: true })?.metadata.name).toBe('on-b');
  });
});
