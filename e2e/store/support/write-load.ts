/**
 * A concurrent write workload over the raw gRPC client that records, for every
 * acknowledged request, the revision the server gave it and the events it must cause.
 * Each worker owns its keys, so per-key histories are deterministic even though the
 * interleaving of workers (and so the revisions) differ from run to run.
 */
import type { EtcdGrpc, KeyValue } from './etcd-grpc.js';

/** An event a watcher must see, in the same terms as the wire (values as strings). */
export interface ExpectedEvent {
  type: 'PUT' | 'DELETE';
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
  prev?: { value: string; modRevision: number; version: number } | undefined;
}

/** One acknowledged write: its revision and the changes it made (more than one for a txn). */
export interface AckedWrite {
  revision: number;
  changes: Array<{ type: 'PUT' | 'DELETE'; key: string; value: string }>;
}

/** The shape of the burst. */
export interface LoadOptions {
  prefix: string;
  workers: number;
  opsPerWorker: number;
  keysPerWorker: number;
}

const enc = (s: string) => Buffer.from(s);

/** Runs the burst; resolves with every acknowledged write. Rejects on the first failed request. */
export async function runWriteLoad(client: EtcdGrpc, opts: LoadOptions): Promise<AckedWrite[]> {
  const acked: AckedWrite[] = [];
  await Promise.all(Array.from({ length: opts.workers }, (_, w) => runWorker(client, opts, w, acked)));
  return acked;
}

async function runWorker(client: EtcdGrpc, opts: LoadOptions, w: number, acked: AckedWrite[]): Promise<void> {
  const live = new Set<string>();
  for (let n = 0; n < opts.opsPerWorker; n++) {
    const key = `${opts.prefix}${w}-${n % opts.keysPerWorker}`;
    const value = `w${w}-op${n}`;
    if (n % 10 === 9 && live.has(key)) {
      const res = await client.call<{ deleted: string }>('KV', 'DeleteRange', { key: enc(key) });
      live.delete(key);
      acked.push({ revision: Number(res.header.revision), changes: [{ type: 'DELETE', key, value: '' }] });
    } else if (n % 7 === 6) {
      const other = `${opts.prefix}${w}-${(n + 1) % opts.keysPerWorker}`;
      const res = await client.call<{ succeeded: boolean }>('KV', 'Txn', {
        success: [key, other].map((k) => ({ request_put: { key: enc(k), value: enc(`${value}-txn`) } })),
      });
      [key, other].forEach((k) => live.add(k));
      acked.push({
        revision: Number(res.header.revision),
        changes: [key, other].map((k) => ({ type: 'PUT' as const, key: k, value: `${value}-txn` })),
      });
    } else {
      const res = await client.call('KV', 'Put', { key: enc(key), value: enc(value) });
      live.add(key);
      acked.push({ revision: Number(res.header.revision), changes: [{ type: 'PUT', key, value }] });
    }
  }
}

/**
 * Replays acknowledged writes in revision order from an empty keyspace and returns the
 * events they cause, with create revision, version and previous value as a correct
 * server computes them. Throws if two writes claim the same revision.
 */
export function expectedEvents(writes: AckedWrite[]): ExpectedEvent[] {
  const sorted = [...writes].sort((a, b) => a.revision - b.revision);
  const state = new Map<string, { value: string; createRevision: number; modRevision: number; version: number }>();
  const events: ExpectedEvent[] = [];
  sorted.forEach((wr, i) => {
    if (i > 0 && sorted[i - 1]!.revision === wr.revision)
      throw new Error(`two writes acknowledged at revision ${wr.revision}`);
    for (const c of wr.changes) events.push(applyChange(state, c, wr.revision));
  });
  return events;
}

function applyChange(
  state: Map<string, { value: string; createRevision: number; modRevision: number; version: number }>,
  c: AckedWrite['changes'][number],
  revision: number,
): ExpectedEvent {
  const prev = state.get(c.key);
  const prevOut = prev && { value: prev.value, modRevision: prev.modRevision, version: prev.version };
  if (c.type === 'DELETE') {
    state.delete(c.key);
    return {
      type: 'DELETE',
      key: c.key,
      value: '',
      createRevision: 0,
      modRevision: revision,
      version: 0,
      prev: prevOut,
    };
  }
  const next = {
    value: c.value,
    createRevision: prev?.createRevision ?? revision,
    modRevision: revision,
    version: (prev?.version ?? 0) + 1,
  };
  state.set(c.key, next);
  return { type: 'PUT', key: c.key, ...next, prev: prevOut };
}

/** A wire event in the terms of ExpectedEvent (`prev` is kept whenever the server sent one). */
export function fromWire(type: 'PUT' | 'DELETE', kv: KeyValue, prev: KeyValue | null): ExpectedEvent {
  return {
    type,
    key: kv.key.toString(),
    value: kv.value.toString(),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
    version: Number(kv.version),
    prev: prev
      ? { value: prev.value.toString(), modRevision: Number(prev.mod_revision), version: Number(prev.version) }
      : undefined,
  };
}
