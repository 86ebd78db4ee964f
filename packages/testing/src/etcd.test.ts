import { describe, it, expect } from 'vitest';
import { startRealEtcd, etcdctl } from './index.js';

describe('startRealEtcd', () => {
  it('starts a real etcd that etcdctl can write to and read from', async () => {
    const etcd = await startRealEtcd();
    try {
      expect((await etcdctl(etcd.endpoint, ['put', '/k', 'v'])).stdout.trim()).toBe('OK');
      expect((await etcdctl(etcd.endpoint, ['get', '/k'])).stdout).toBe('/k\nv\n');
    } finally {
      await etcd.stop();
    }
  });
});
