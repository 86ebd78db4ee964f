import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { b, eventually, FROM_KEY, open, RecordingSink, tempDir } from './test-helpers.js';

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
function runAndKill(dataDir: string, cycle: number, minAcks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', writer, dataDir, String(cycle)], {
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

describe('crash safety', () => {
  it('loses no acknowledged write across repeated kill -9 mid-load', { timeout: 120_000 }, async () => {
    const dataDir = tempDir();
    let lastRevision = 1;
    for (let cycle = 0; cycle < 4; cycle++) {
      const acks = await runAndKill(dataDir, cycle, 400 + cycle * 350);
      expect(acks[0]).toEqual({ op: 'ready', revision: lastRevision });
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
  });
});
