import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { open as openLmdb } from 'lmdb';
import { dbFile, META_WAL_SEQ, readMeta } from './backend.js';
import { b, eventually, FROM_KEY, open, RecordingSink, tempDir } from './engine.test-support.js';
import { listSegments, readRecords, walDir } from './wal.js';

const writer = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));
/** The store app's root, from which `tsx` resolves. */
const appRoot = fileURLToPath(new URL('../../', import.meta.url));

type Ack =
  | { op: 'ready'; revision: number }
  | { op: 'put'; key: string; value: string; revision: number }
  | { op: 'txn'; keys: string[]; value: string; revision: number }
  | { op: 'delete'; key: string; deleted: number; revision: number }
  | { op: 'lease'; id: string };

/** Runs the writer until it has acknowledged `minAcks` writes, then SIGKILLs it; returns what it acknowledged. */
function runAndKill(dataDir: string, cycle: number, minAcks: number, mode = ''): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, String(cycle), mode], {
      cwd: appRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let partial = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) acks.push(JSON.parse(line) as Ack);
      if (!killed && acks.length >= minAcks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acks);
      else reject(new Error(`writer exited on its own: ${stderr}`));
    });
  });
}

/** The seq of the last WAL record LMDB holds, and of the last (good) record in the WAL. */
async function walAhead(dataDir: string): Promise<{ lmdb: number; wal: number; first: number }> {
  const env = openLmdb<Buffer, Buffer>({
    path: dbFile(dataDir),
    noSubdir: true,
    readOnly: true,
    keyEncoding: 'binary',
    encoding: 'binary',
  });
  let lmdb: number;
  try {
    const meta = env.openDB<Buffer, Buffer>('meta', { keyEncoding: 'binary', encoding: 'binary' });
    lmdb = readMeta(meta.get(META_WAL_SEQ));
  } finally {
    await env.close();
  }
  const dir = walDir(dataDir);
  let wal = 0;
  const segments = listSegments(dir);
  for (const seg of segments) {
    for (const r of readRecords(fs.readFileSync(path.join(dir, seg.name))).records) wal = Math.max(wal, r.seq);
  }
  return { lmdb, wal, first: segments[0]?.first ?? 0 };
}

describe('crash safety', () => {
  it('loses no acknowledged write across repeated kill -9 mid-load', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    let lastRevision = 1;
    let walAheadCycles = 0;
    for (let cycle = 0; cycle < 6; cycle++) {
      // Odd cycles: LMDB lags the WAL by 100 ms, segments rotate and get checkpointed.
      const lag = cycle % 2 === 1;
      const acks = await runAndKill(dataDir, cycle, (lag ? 2500 : 400) + cycle * 250, lag ? 'lag' : '');
      expect(acks[0]).toEqual({ op: 'ready', revision: lastRevision });
      if (lag) {
        const at = await walAhead(dataDir);
        // Checkpoints had deleted the first segments; the WAL starts at or before LMDB's end.
        expect(at.first).toBeGreaterThan(1);
        expect(at.first).toBeLessThanOrEqual(at.lmdb + 1);
        expect(at.wal).toBeGreaterThanOrEqual(at.lmdb);
        // Normally the kill finds acknowledged batches only in the WAL (checked over all cycles).
        if (at.wal > at.lmdb) walAheadCycles++;
      }
      const e = await open({ dataDir });
      let maxRev = lastRevision;
      for (const a of acks) {
        if (a.op === 'put') {
          const kv = e.range({ key: b(a.key), revision: a.revision }).kvs[0];
          expect([a.key, kv?.value.toString(), kv?.modRevision]).toEqual([a.key, a.value, a.revision]);
        } else if (a.op === 'txn') {
          for (const k of a.keys) {
            const kv = e.range({ key: b(k), revision: a.revision }).kvs[0];
            expect([k, kv?.value.toString(), kv?.modRevision]).toEqual([k, a.value, a.revision]);
          }
        } else if (a.op === 'delete') {
          expect(a.deleted).toBe(1);
          expect(e.range({ key: b(a.key), revision: a.revision }).count).toBe(0);
          expect(e.range({ key: b(a.key), revision: a.revision - 1 }).count).toBe(1);
        } else if (a.op === 'lease') {
          expect(e.leaseList()).toContain(BigInt(a.id));
        }
        if ('revision' in a) maxRev = Math.max(maxRev, a.revision);
      }
      expect(e.revision).toBeGreaterThanOrEqual(maxRev);
      // Every write of the writer changes something, so history has no holes.
      const sink = new RecordingSink();
      e.watch({ key: FROM_KEY, rangeEnd: FROM_KEY, startRevision: lastRevision + 1 }, sink);
      await eventually(() => sink.revisions.at(-1) === e.revision);
      const revs = [...new Set(sink.revisions)];
      expect(revs).toEqual(Array.from({ length: e.revision - lastRevision }, (_, i) => lastRevision + 1 + i));
      lastRevision = e.revision;
      await e.close();
    }
    expect(walAheadCycles).toBeGreaterThan(0);
  });
});
