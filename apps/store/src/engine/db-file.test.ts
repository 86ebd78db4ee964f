/** The database file: records of 256 bytes or more stored LZ4-compressed (a database written before reads as it is), one mapping of it. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { open as openLmdb } from 'lmdb';
import { describe, expect, it } from 'vitest';
import { dbFile } from './backend.js';
import { b, FROM_KEY, kvs, open, tempDir } from './engine.test-support.js';

/** A pod-like JSON value of about 5 KB. */
function podJson(i: number): string {
  const containers = Array.from({ length: 8 }, (_, c) => ({
    name: `c${c}`,
    image: 'registry.k8s.io/pause:3.10',
    resources: { requests: { cpu: '100m', memory: '64Mi' } },
    terminationMessagePath: '/dev/termination-log',
    imagePullPolicy: 'IfNotPresent',
  }));
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'default' },
    spec: { containers },
  });
}

async function rewriteKeyDb(dataDir: string, compression: boolean, records: Array<[Buffer, Buffer]>): Promise<void> {
  const env = openLmdb<Buffer, Buffer>({ path: dbFile(dataDir), noSubdir: true, maxDbs: 8 });
  const db = env.openDB<Buffer, Buffer>('key', { keyEncoding: 'binary', encoding: 'binary', compression });
  await db.transaction(() => {
    for (const [k, v] of records) void db.put(k, v);
  });
  await env.close();
}

async function readKeyDb(dataDir: string, compression: boolean): Promise<Array<[Buffer, Buffer]>> {
  const env = openLmdb<Buffer, Buffer>({ path: dbFile(dataDir), noSubdir: true, maxDbs: 8 });
  const db = env.openDB<Buffer, Buffer>('key', { keyEncoding: 'binary', encoding: 'binary', compression });
  const out: Array<[Buffer, Buffer]> = [];
  for (const { key, value } of db.getRange({})) out.push([Buffer.from(key), Buffer.from(value)]);
  await env.close();
  return out;
}

describe('record compression', () => {
  it('stores large JSON records in a fraction of their size, and reads them back whole', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    let written = 0;
    for (let i = 0; i < 2000; i++) {
      const v = podJson(i);
      written += v.length;
      await e.put({ key: b(`/registry/pods/default/web-${i}`), value: b(v) });
    }
    expect(e.range({ key: b('/registry/pods/default/web-7') }).kvs[0]!.value.toString()).toBe(podJson(7));
    await e.close();
    expect(fs.statSync(dbFile(dataDir)).size).toBeLessThan(written / 2);
    const raw = await readKeyDb(dataDir, false);
    expect(raw.filter(([, v]) => v[0]! >= 250).length).toBeGreaterThanOrEqual(2000);
  });

  it('reads a database whose records were written uncompressed', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    for (let i = 0; i < 20; i++) await e.put({ key: b(`k${i % 5}`), value: b(podJson(i)) });
    await e.put({ key: b('small'), value: b('x') });
    await e.deleteRange({ key: b('k4') });
    const all = kvs(e.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs);
    const old = kvs(e.range({ key: FROM_KEY, rangeEnd: FROM_KEY, revision: 10 }).kvs);
    const hash = e.hashKv(0).hash;
    await e.close();
    // As a store before compression wrote them: every record plain.
    await rewriteKeyDb(dataDir, false, await readKeyDb(dataDir, true));
    expect((await readKeyDb(dataDir, false)).every(([, v]) => v[0]! < 250)).toBe(true);

    const again = await open({ dataDir });
    expect(kvs(again.range({ key: FROM_KEY, rangeEnd: FROM_KEY }).kvs)).toEqual(all);
    expect(kvs(again.range({ key: FROM_KEY, rangeEnd: FROM_KEY, revision: 10 }).kvs)).toEqual(old);
    expect(again.hashKv(0).hash).toBe(hash);
    await again.put({ key: b('k0'), value: b(podJson(99)) });
    expect(again.range({ key: b('k0') }).kvs[0]!.value.toString()).toBe(podJson(99));
  });
});

describe('the file mapping', () => {
  it('maps the database once however much it grows', async () => {
    const dataDir = tempDir();
    const e = await open({ dataDir });
    // Incompressible values: the file grows by what is written.
    for (let i = 0; i < 3000; i++) await e.put({ key: b(`/registry/blobs/b-${i}`), value: randomBytes(4096) });
    // LMDB takes the WAL's writes in the background.
    for (let i = 0; i < 100 && fs.statSync(dbFile(dataDir)).size < 8 * 1024 * 1024; i++)
      await new Promise((r) => setTimeout(r, 50));
    expect(fs.statSync(dbFile(dataDir)).size).toBeGreaterThan(8 * 1024 * 1024);
    const maps = fs
      .readFileSync('/proc/self/maps', 'utf8')
      .split('\n')
      .filter((l) => l.endsWith(dbFile(dataDir)));
    expect(maps).toHaveLength(1);
    await e.close();
  });
});
