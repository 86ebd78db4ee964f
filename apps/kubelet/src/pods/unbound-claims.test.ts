import { describe, expect, it } from 'vitest';
import type { CachedPod } from '../types.js';
import { unboundClaims } from './pod-claims.js';

const pod = {
  metadata: { name: 'db-0', namespace: 'default', uid: 'u', resourceVersion: '1' },
  spec: {
    containers: [
      {
        name: 'c',
        image: 'db',
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'scratch', mountPath: '/scratch' },
        ],
      },
    ],
    volumes: [
      { name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } },
      { name: 'scratch', ephemeral: { volumeClaimTemplate: { spec: {} } } },
      { name: 'cfg', configMap: { name: 'cfg' } },
    ],
  },
} as unknown as CachedPod;

describe('unboundClaims()', () => {
  it('names the claims the pod mounts that are not Bound, or null once all are', () => {
    const phases: Record<string, string> = { 'default/data-db-0': 'Pending', 'default/db-0-scratch': 'Bound' };
    const phase = (ns: string, name: string) => {
      const p = phases[`${ns}/${name}`];
      return p === undefined ? undefined : { phase: p, deleting: false };
    };
    expect(unboundClaims(pod, phase)).toEqual(['data-db-0']);
    phases['default/data-db-0'] = 'Bound';
    expect(unboundClaims(pod, phase)).toBeNull();
    expect(unboundClaims(pod, () => undefined)).toEqual(['data-db-0', 'db-0-scratch']);
  });
});
