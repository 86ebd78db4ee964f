/**
 * Micro-benchmark of the engine alone: puts of 128-byte values with 64 in flight, each
 * acknowledged only once durable. Prints puts/s (compare runs side by side, not with a
 * table). Run: `npx tsx src/engine/bench-put.ts [total] [inFlight]` from apps/store.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEngine } from './engine.js';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 200_000);
  const inFlight = Number(process.argv[3] ?? 64);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
  const engine = await openEngine({ dataDir: dir, quotaBackendBytes: -1 });
  const value = Buffer.alloc(128, 'v');
  const keys = Array.from({ length: 10_000 }, (_, i) => Buffer.from(`/registry/pods/default/pod-${i}`));
  let issued = 0;
  const worker = async () => {
    while (issued < total) {
      const i = issued++;
      await engine.put({ key: keys[i % keys.length]!, value });
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - started) / 1000;
  const status = engine.status();
  await engine.close();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(
    `${total} puts, ${inFlight} in flight: ${Math.round(total / seconds)} puts/s ` +
      `(revision ${status.revision}, db ${(status.dbSize / 1e6).toFixed(1)} MB)`,
  );
}

await main();
