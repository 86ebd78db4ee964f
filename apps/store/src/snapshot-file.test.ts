import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { etcdctl, startRealEtcd, tempDir, type TempDir } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b, startTestStore, type TestStore } from './server/test-client.test-support.js';
import { inspectSnapshotFile, restoreSnapshotFile, saveSnapshot, snapshotFooter } from './snapshot-file.js';

describe('snapshot file format', () => {
  it('pads the database part to 512 bytes with a footer naming its length', () => {
    for (const n of [0, 1, 495, 496, 497, 512, 4096, 100_000]) {
      const f = snapshotFooter(n);
      expect((n + f.length) % 512).toBe(0);
      expect(f.length).toBeGreaterThanOrEqual(16);
      expect(f.subarray(-16, -8).toString()).toBe('WHSNAP01');
      expect(Number(f.readBigUInt64BE(f.length - 8))).toBe(n);
    }
  });
});

describe('snapshot save and restore', () => {
  let s: TestStore;
  let dir: TempDir;
  beforeAll(async () => {
    [s, dir] = await Promise.all([startTestStore(), tempDir('wheelhouse-snap-test-')]);
    for (let i = 0; i < 50; i++) await s.call('KV', 'Put', { key: b(`snap/${i}`), value: Buffer.alloc(1000, i) });
    await s.call('KV', 'DeleteRange', { key: b('snap/0') });
  });
  afterAll(async () => {
    await s.stop();
    await dir.cleanup();
  });

  it('is saved by the real etcdctl, restored by us, and the restored store serves the same keys', async () => {
    const file = join(dir.path, 'etcdctl.db');
    const saved = await etcdctl(s.endpoint, ['snapshot', 'save', file]);
    expect(saved.stdout).toContain(`Snapshot saved at ${file}`);
    expect((await stat(file)).size % 512).toBe(32);
    const dataDir = join(dir.path, 'restored');
    await restoreSnapshotFile(file, dataDir);
    const restored = await startTestStore({ dataDir });
    try {
      const before = await s.call('KV', 'Range', { key: b('snap/'), range_end: b('snap0') });
      const after = await restored.call('KV', 'Range', { key: b('snap/'), range_end: b('snap0') });
      expect(after.count).toBe('49');
      expect(after.kvs).toEqual(before.kvs);
      expect(after.header.revision).toBe(before.header.revision);
    } finally {
      await restored.stop();
    }
  });

  it('is saved by our own client with the same bytes layout', async () => {
    const file = join(dir.path, 'ours.db');
    const size = await saveSnapshot([s.endpoint], file);
    expect(size % 512).toBe(32);
    expect((await inspectSnapshotFile(file)).engineBytes).toBeGreaterThan(0);
  });

  it('refuses damaged files, foreign snapshots and existing data dirs with etcdctl texts', async () => {
    const good = join(dir.path, 'good.db');
    await saveSnapshot([s.target], good);
    const bytes = await readFile(good);

    const noHash = join(dir.path, 'nohash.db');
    await writeFile(noHash, bytes.subarray(0, bytes.length - 32));
    await expect(restoreSnapshotFile(noHash, join(dir.path, 'd1'))).rejects.toThrow(
      'snapshot missing hash but --skip-hash-check=false',
    );

    const flipped = Buffer.from(bytes);
    flipped[100] = flipped[100]! ^ 0xff;
    const bad = join(dir.path, 'bad.db');
    await writeFile(bad, flipped);
    await expect(restoreSnapshotFile(bad, join(dir.path, 'd2'))).rejects.toThrow(
      /^expected sha256 \[[\d ]+\], got \[[\d ]+\]$/,
    );

    const existing = join(dir.path, 'd3');
    await mkdir(existing);
    await writeFile(join(existing, 'x'), 'x');
    await expect(restoreSnapshotFile(good, existing)).rejects.toThrow(`data-dir "${existing}" exists`);

    await expect(saveSnapshot([s.endpoint, s.endpoint], join(dir.path, 'x.db'))).rejects.toThrow(
      `snapshot must be requested to one selected node, not multiple [${s.endpoint} ${s.endpoint}]`,
    );
  });

  it('saves a snapshot of the real etcd, but refuses to restore its bolt database', async () => {
    const real = await startRealEtcd();
    try {
      const file = join(dir.path, 'etcd.db');
      await saveSnapshot([real.endpoint], file);
      await expect(restoreSnapshotFile(file, join(dir.path, 'from-etcd'))).rejects.toThrow(
        /not a Wheelhouse store snapshot/,
      );
    } finally {
      await real.stop();
    }
  });
});
