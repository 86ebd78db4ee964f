/**
 * Helpers for the engine's tests: engines over real LMDB in temp dirs, closed and removed
 * after each test. Not exported from the engine's index.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import { openEngine } from './engine.js';
import type { Engine, EngineConfig, KeyValue, WatchEvent, WatchSink } from './types.js';

const dirs: string[] = [];
const engines: Engine[] = [];

afterEach(async () => {
  await Promise.allSettled(engines.splice(0).map((e) => e.close()));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A fresh temp dir, removed after the test. */
export function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-test-'));
  dirs.push(d);
  return d;
}

/** Opens an engine (closed after the test); a fresh data dir unless one is given. */
export async function open(config: Partial<EngineConfig> = {}): Promise<Engine> {
  const e = await openEngine({ dataDir: config.dataDir ?? tempDir(), quotaBackendBytes: 0, ...config });
  engines.push(e);
  return e;
}

/** A Buffer of a string. */
export const b = (s: string): Buffer => Buffer.from(s);

/** The key range end "\0" (every key from key on). */
export const FROM_KEY = Buffer.from([0]);

/** Compact summaries of key-values for assertions. */
export function kvs(list: KeyValue[]): string[] {
  return list.map(
    (kv) => `${kv.key.toString()}=${kv.value.toString()}@${kv.createRevision}/${kv.modRevision}/v${kv.version}`,
  );
}

/** Puts each key=value in turn. */
export async function putAll(e: Engine, ...pairs: [string, string][]): Promise<void> {
  for (const [k, v] of pairs) await e.put({ key: b(k), value: b(v) });
}

/** A sink that records everything, optionally reporting back-pressure. */
export class RecordingSink implements WatchSink {
  readonly batches: { events: WatchEvent[]; revision: number }[] = [];
  compactedAt: number | undefined;
  /** Return value of events(); set false to simulate a backed-up stream. */
  accept = true;

  events(events: WatchEvent[], revision: number): boolean {
    this.batches.push({ events, revision });
    return this.accept;
  }

  compacted(compactRevision: number): void {
    this.compactedAt = compactRevision;
  }

  /** Every event as "TYPE key@modRevision". */
  get seen(): string[] {
    return this.batches.flatMap((x) => x.events.map((e) => `${e.type} ${e.kv.key.toString()}@${e.kv.modRevision}`));
  }

  /** Mod revisions of every event. */
  get revisions(): number[] {
    return this.batches.flatMap((x) => x.events.map((e) => e.kv.modRevision));
  }
}

/** Resolves once `cond` holds, polling on real timers (fails after `ms`). */
export async function eventually(cond: () => boolean, ms = 5000): Promise<void> {
  const start = performance.now();
  while (!cond()) {
    if (performance.now() - start > ms) throw new Error('condition not met in time');
    await new Promise((r) => setImmediate(r));
  }
}
