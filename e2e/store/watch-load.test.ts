/**
 * Watches under load: 64 watchers over 4 gRPC watch streams (prefix from now, prefix
 * from revision 1, single keys, NODELETE-filtered prefixes, some with prev_kv), then a
 * burst of concurrent puts, deletes and two-key txns. Every watcher must receive exactly
 * the events the acknowledged writes imply, in revision order, with no gap, no
 * duplicate and no revision split across two responses. The same scenario runs against
 * the real etcd and the server under test; per-key event histories must be equal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRealEtcd, type EtcdServer } from '@wheelhouse/testing';
import { PEER, startPeer } from './support/peer.js';
import { connectEtcd, type EtcdGrpc, type WatchResponse } from './support/etcd-grpc.js';
import { expectedEvents, fromWire, runWriteLoad, type AckedWrite, type ExpectedEvent } from './support/write-load.js';

const PREFIX = '/wl/';
const WORKERS = 32;
const OPS_PER_WORKER = 40;
const KEYS_PER_WORKER = 4;
const STREAMS = 4;
const WATCHERS_PER_STREAM = 16;

/** What one watcher asks for. */
interface WatcherSpec {
  label: string;
  key: string;
  prefix: boolean;
  startRevision: number;
  prevKv: boolean;
  noDelete: boolean;
}

/** A created watcher and everything its stream delivered to it. */
interface Watching {
  spec: WatcherSpec;
  /** The first revision it must report: the requested start, or the created header's revision + 1. */
  from: number;
  responses: WatchResponse[];
}

function prefixEnd(prefix: string): Buffer {
  const b = Buffer.from(prefix);
  b[b.length - 1]! += 1;
  return b;
}

function specFor(stream: number, i: number): WatcherSpec {
  const n = stream * WATCHERS_PER_STREAM + i;
  const owner = n % WORKERS;
  const label = `s${stream}w${i}`;
  switch (i % 4) {
    case 0:
      return {
        label: `${label} prefix from now +prev`,
        key: PREFIX,
        prefix: true,
        startRevision: 0,
        prevKv: true,
        noDelete: false,
      };
    case 1:
      return {
        label: `${label} prefix from rev 1`,
        key: PREFIX,
        prefix: true,
        startRevision: 1,
        prevKv: false,
        noDelete: false,
      };
    case 2:
      return {
        label: `${label} key ${owner}-0 +prev`,
        key: `${PREFIX}${owner}-0`,
        prefix: false,
        startRevision: 0,
        prevKv: true,
        noDelete: false,
      };
    default:
      return {
        label: `${label} prefix ${owner}- NODELETE`,
        key: `${PREFIX}${owner}-`,
        prefix: true,
        startRevision: 0,
        prevKv: false,
        noDelete: true,
      };
  }
}

/** Opens one watch stream and creates `specs` on it one after another (creates pair with `created` replies in order). */
async function openWatchers(client: EtcdGrpc, specs: WatcherSpec[]): Promise<{ watching: Watching[]; end(): void }> {
  const stream = client.watchStream();
  const byId = new Map<string, Watching>();
  let pending: ((r: WatchResponse) => void) | undefined;
  stream.on('data', (r: WatchResponse) => {
    if (r.created && pending) return pending(r);
    byId.get(r.watch_id)?.responses.push(r);
  });
  const failed = new Promise<never>((_, rej) => stream.on('error', (err) => rej(err)));
  failed.catch(() => {
    /* reported through the created wait below, or by missing events later */
  });
  const watching: Watching[] = [];
  for (const spec of specs) {
    const created = Promise.race([
      new Promise<WatchResponse>((res) => {
        pending = res;
      }),
      failed,
      new Promise<never>((_, rej) =>
        setTimeout(() => rej(new Error(`no created reply for ${spec.label} within 5s`)), 5_000).unref(),
      ),
    ]);
    stream.write({
      create_request: {
        key: Buffer.from(spec.key),
        range_end: spec.prefix ? prefixEnd(spec.key) : Buffer.alloc(0),
        start_revision: spec.startRevision,
        prev_kv: spec.prevKv,
        filters: spec.noDelete ? ['NODELETE'] : [],
      },
    });
    const r = await created;
    if (r.canceled) throw new Error(`watch ${spec.label} canceled at creation: ${r.cancel_reason}`);
    const w: Watching = { spec, from: spec.startRevision || Number(r.header.revision) + 1, responses: [] };
    byId.set(r.watch_id, w);
    watching.push(w);
  }
  return { watching, end: () => stream.end() };
}

function inRange(spec: WatcherSpec, key: string): boolean {
  return spec.prefix ? key.startsWith(spec.key) : key === spec.key;
}

function expectedFor(w: Watching, all: ExpectedEvent[]): ExpectedEvent[] {
  return all
    .filter((e) => inRange(w.spec, e.key) && e.modRevision >= w.from && !(w.spec.noDelete && e.type === 'DELETE'))
    .map((e) => (w.spec.prevKv ? e : { ...e, prev: undefined }));
}

function received(w: Watching): ExpectedEvent[] {
  return w.responses.flatMap((r) => r.events.map((e) => fromWire(e.type, e.kv, e.prev_kv)));
}

/** Problems with how events were cut into responses: a revision in two responses, a header behind its events, a cancel. */
function batchingProblems(w: Watching): string[] {
  const problems: string[] = [];
  const seenIn = new Map<number, number>();
  w.responses.forEach((r, i) => {
    if (r.canceled || r.compact_revision !== '0')
      problems.push(`response ${i} canceled (compact_revision ${r.compact_revision}, ${r.cancel_reason})`);
    for (const e of r.events) {
      const rev = Number(e.kv.mod_revision);
      if (seenIn.has(rev) && seenIn.get(rev) !== i && !w.responses[seenIn.get(rev)!]!.fragment)
        problems.push(`revision ${rev} split over responses ${seenIn.get(rev)} and ${i}`);
      seenIn.set(rev, i);
      if (Number(r.header.revision) < rev)
        problems.push(`response ${i} header revision ${r.header.revision} < event revision ${rev}`);
    }
  });
  return problems;
}

/** First difference between what a watcher got and what it should have got, or none. */
function eventProblems(w: Watching, want: ExpectedEvent[]): string[] {
  const got = received(w);
  for (let i = 0; i < Math.max(got.length, want.length); i++) {
    if (JSON.stringify(got[i]) !== JSON.stringify(want[i])) {
      return [
        `${got.length} events, expected ${want.length}; first difference at #${i}: got ${JSON.stringify(got[i])}, want ${JSON.stringify(want[i])}`,
      ];
    }
  }
  return [];
}

async function waitForEvents(
  watching: Watching[],
  want: Map<Watching, ExpectedEvent[]>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const done = () => watching.every((w) => received(w).length >= want.get(w)!.length);
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300)); // anything after the expected count is a duplicate or a stray
}

/** What one server did under the scenario. */
interface Outcome {
  problems: Record<string, string[]>;
  /** Per watcher, per key: the history it saw, without revisions (they depend on interleaving). */
  histories: Record<string, Record<string, string[]>>;
  writes: number;
}

function histories(watching: Watching[]): Outcome['histories'] {
  const out: Outcome['histories'] = {};
  for (const w of watching) {
    const perKey: Record<string, string[]> = {};
    for (const e of received(w))
      (perKey[e.key] ??= []).push(`${e.type} ${e.value} v${e.version} prev=${e.prev?.value ?? '-'}`);
    out[w.spec.label] = perKey;
  }
  return out;
}

async function runScenario(server: EtcdServer): Promise<Outcome> {
  const client = connectEtcd(server.endpoint);
  const streams: Array<{ end(): void }> = [];
  try {
    const seeds: AckedWrite[] = [];
    for (let i = 0; i < 8; i++) {
      const key = `${PREFIX}${i}-0`;
      const res = await client.call('KV', 'Put', { key: Buffer.from(key), value: Buffer.from(`seed${i}`) });
      seeds.push({ revision: Number(res.header.revision), changes: [{ type: 'PUT', key, value: `seed${i}` }] });
    }
    const opened = await Promise.all(
      Array.from({ length: STREAMS }, (_, s) =>
        openWatchers(
          client,
          Array.from({ length: WATCHERS_PER_STREAM }, (_, i) => specFor(s, i)),
        ),
      ),
    );
    streams.push(...opened);
    const watching = opened.flatMap((o) => o.watching);
    const writes = await runWriteLoad(client, {
      prefix: PREFIX,
      workers: WORKERS,
      opsPerWorker: OPS_PER_WORKER,
      keysPerWorker: KEYS_PER_WORKER,
    });
    const all = expectedEvents([...seeds, ...writes]);
    const want = new Map(watching.map((w) => [w, expectedFor(w, all)] as const));
    await waitForEvents(watching, want, 20_000);
    const problems: Record<string, string[]> = {};
    for (const w of watching) {
      const p = [...eventProblems(w, want.get(w)!), ...batchingProblems(w)];
      if (p.length > 0) problems[w.spec.label] = p;
    }
    return { problems, histories: histories(watching), writes: writes.length };
  } finally {
    for (const s of streams) s.end();
    client.close();
  }
}

describe(`watches under a write burst: real etcd vs ${PEER}`, () => {
  let oracle: EtcdServer | undefined;
  let peer: EtcdServer | undefined;
  let expected: Outcome;

  beforeAll(async () => {
    [oracle, peer] = await Promise.all([startRealEtcd(), startPeer()]);
    expected = await runScenario(oracle);
  });

  afterAll(async () => {
    await Promise.all([oracle?.stop(), peer?.stop()]);
  });

  it('the real etcd delivers every event to every watcher (self-check of the scenario)', () => {
    expect(expected.problems).toEqual({});
    expect(expected.writes).toBe(WORKERS * OPS_PER_WORKER);
  });

  it(`${PEER} delivers every event to every watcher, in order, without gaps, duplicates or split revisions`, async () => {
    const got = await runScenario(peer!);
    expect(got.problems).toEqual({});
    expect(got.writes).toBe(WORKERS * OPS_PER_WORKER);
    expect(got.histories).toEqual(expected.histories);
  });
});
