import { describe, expect, it } from 'vitest';
import type { CachedPod } from '../types.js';
import { unsupportedFeatures } from './unsupported.js';

const pod = (spec: Record<string, unknown>) => ({ metadata: { name: 'p' }, spec }) as unknown as CachedPod;

describe('unsupportedFeatures', () => {
  it('names storage volumes other than claims (sidecars and ephemeral containers run), and nothing for a plain pod', () => {
    expect(unsupportedFeatures(pod({ containers: [{ name: 'c', image: 'i' }] }))).toEqual([]);
    expect(
      unsupportedFeatures(
        pod({
          volumes: [
            { name: 'scratch', emptyDir: {} },
            { name: 'cfg', configMap: { name: 'c' } },
            { name: 'claim', persistentVolumeClaim: { claimName: 'd' } },
            { name: 'data', nfs: { server: 'nfs.example', path: '/data' } },
          ],
          initContainers: [
            { name: 'setup', image: 'i' },
            { name: 'proxy', image: 'i', restartPolicy: 'Always' },
          ],
          containers: [{ name: 'c', image: 'i' }],
          ephemeralContainers: [{ name: 'debugger', image: 'busybox' }],
        }),
      ),
    ).toEqual(['volume "data" of type nfs is not simulated; the pod starts as if it were mounted']);
  });
});
