import { spawn } from 'node:child_process';
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { etcdctl, startRealEtcd, type EtcdServer } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b, makeClients, startTestStore, type TestStore } from './test-client.test-support.js';

/** A watch stream whose replies a test awaits one by one. */
class WatchClient {
  readonly replies: any[] = [];
  private waiters: (() => void)[] = [];
  private error: Error | undefined;
  readonly stream: ClientDuplexStream<object, any>;

  constructor(s: TestStore) {
    this.stream = (s.clients.Watch as any).Watch();
    this.stream.on('data', (r: unknown) => {
      this.replies.push(r);
      for (const w of this.waiters.splice(0)) w();
    });
    this.stream.on('error', (err: Error) => {
      if ((err as { code?: number }).code !== 1) this.error = err; // 1 = CANCELLED by close()
      for (const w of this.waiters.splice(0)) w();
    });
  }

  send(req: object): void {
    this.stream.write(req);
  }

  /** Resolves to the next reply (after those already taken). */
  async next(timeoutMs = 5000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length === 0) {
      if (this.error) throw this.error;
      if (Date.now() > deadline) throw new Error('no watch reply in time');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.replies.shift();
  }

  /** Collects replies until `n` events have arrived. */
  async events(n: number): Promise<any[]> {
    const out: any[] = [];
    while (out.length < n) out.push(...(await this.next()).events);
    return out;
  }

  close(): void {
    this.stream.cancel();
  }
}

const put = (s: TestStore, k: string, v: string) => s.call('KV', 'Put', { key: b(k), value: b(v) });

describe('Watch service', () => {
  let s: TestStore;
  beforeAll(async () => {
    s = await startTestStore({ progressNotifyIntervalMs: 300 });
  });
  afterAll(() => s.stop());

  it('multiplexes watches on one stream: ids from 0, created replies, events per watch', async () => {
    const w = new WatchClient(s);
    try {
      w.send({ create_request: { key: b('m/a') } });
      const c0 = await w.next();
      expect(c0).toMatchObject({ watch_id: '0', created: true, canceled: false, events: [] });
      expect(Number(c0.header.revision)).toBeGreaterThan(0);
      w.send({ create_request: { key: b('m/'), range_end: b('m0'), prev_kv: true } });
      expect(await w.next()).toMatchObject({ watch_id: '1', created: true });
      await put(s, 'm/a', '1');
      await put(s, 'm/a', '2');
      const got = [await w.next(), await w.next(), await w.next(), await w.next()];
      const byId = (id: string) => got.filter((r) => r.watch_id === id).flatMap((r) => r.events);
      expect(byId('0').map((e: any) => e.kv.value.toString())).toEqual(['1', '2']);
      const ranged = byId('1');
      expect(ranged.map((e: any) => [e.type, e.kv.value.toString(), e.prev_kv?.value.toString() ?? null])).toEqual([
        ['PUT', '1', null],
        ['PUT', '2', '1'],
      ]);
    } finally {
      w.close();
    }
  });

  it('replays history from start_revision in batches, with delete events carrying key and mod_revision', async () => {
    const first = await put(s, 'h/1', 'a');
    await put(s, 'h/2', 'b');
    await s.call('KV', 'DeleteRange', { key: b('h/1') });
    const w = new WatchClient(s);
    try {
      w.send({ create_request: { key: b('h/'), range_end: b('h0'), start_revision: first.header.revision } });
      expect(await w.next()).toMatchObject({ created: true });
      const evs = await w.events(3);
      expect(evs.map((e: any) => e.type)).toEqual(['PUT', 'PUT', 'DELETE']);
      expect(evs[2].kv).toMatchObject({ key: b('h/1'), create_revision: '0', version: '0', value: Buffer.alloc(0) });
      expect(Number(evs[2].kv.mod_revision)).toBe(Number(first.header.revision) + 2);
    } finally {
      w.close();
    }
  });

  it('honours NOPUT/NODELETE filters and requested watch ids, refuses duplicates and empty ranges as etcd', async () => {
    const w = new WatchClient(s);
    try {
      w.send({ create_request: { key: b('f/k'), filters: ['NOPUT'], watch_id: 7 } });
      expect(await w.next()).toMatchObject({ watch_id: '7', created: true });
      w.send({ create_request: { key: b('f/k'), watch_id: 7 } });
      expect(await w.next()).toMatchObject({
        watch_id: '-1',
        created: true,
        canceled: true,
        cancel_reason: 'mvcc: duplicate watch ID provided on the WatchStream',
      });
      w.send({ create_request: { key: b('z'), range_end: b('a') } });
      expect(await w.next()).toMatchObject({
        watch_id: '-1',
        created: true,
        canceled: true,
        cancel_reason: 'mvcc: watcher range is empty',
      });
      w.send({ create_request: { key: b('f/k'), filters: ['NODELETE', 5] } });
      expect(await w.next()).toMatchObject({ watch_id: '0', created: true });
      await put(s, 'f/k', 'v');
      await s.call('KV', 'DeleteRange', { key: b('f/k') });
      const a = await w.next();
      const c = await w.next();
      expect([a.watch_id, a.events[0].type]).toEqual(['0', 'PUT']);
      expect([c.watch_id, c.events[0].type]).toEqual(['7', 'DELETE']);
    } finally {
      w.close();
    }
  });

  it('cancels on request, ignores unknown ids and empty requests, answers progress requests with watch id -1', async () => {
    const w = new WatchClient(s);
    try {
      w.send({ create_request: { key: b('c/k') } });
      await w.next();
      w.send({});
      w.send({ cancel_request: { watch_id: 99 } });
      w.send({ cancel_request: { watch_id: 0 } });
      expect(await w.next()).toMatchObject({ watch_id: '0', canceled: true, created: false });
      const { header } = await put(s, 'c/k', 'after-cancel');
      w.send({ progress_request: {} });
      const p = await w.next();
      expect(p).toMatchObject({ watch_id: '-1', created: false, canceled: false, events: [] });
      expect(p.header.revision).toBe(header.revision);
    } finally {
      w.close();
    }
  });

  it('sends periodic progress notifications to idle watchers that asked for them', async () => {
    const w = new WatchClient(s);
    try {
      w.send({ create_request: { key: b('p/k'), progress_notify: true } });
      const created = await w.next();
      const notify = await w.next(3000);
      expect(notify).toMatchObject({ watch_id: created.watch_id, events: [], created: false, canceled: false });
    } finally {
      w.close();
    }
  });

  it('reports a compacted start revision as etcd 3.4 does: created, then canceled with compact_revision', async () => {
    const a = await put(s, 'cmp/k', '1');
    await put(s, 'cmp/k', '2');
    const rev = Number(a.header.revision) + 1;
    await s.call('KV', 'Compact', { revision: rev });
    const w = new WatchClient(s);
    try {
      w.send({ create_request: { key: b('cmp/k'), start_revision: rev - 1 } });
      expect(await w.next()).toMatchObject({ watch_id: '0', created: true, canceled: false });
      const c = await w.next();
      expect(c).toMatchObject({
        watch_id: '0',
        canceled: true,
        created: false,
        compact_revision: String(rev),
        cancel_reason: '',
      });
      expect(c.header.revision).toBe('0');
    } finally {
      w.close();
    }
  });

  it('fragments a large batch when asked, fragment:true on all but the last', async () => {
    const big = Buffer.alloc(600 * 1024, 120);
    const start = await s.call('KV', 'Put', { key: b('frag/0'), value: big });
    for (let i = 1; i < 4; i++) await s.call('KV', 'Put', { key: b(`frag/${i}`), value: big });
    const w = new WatchClient(s);
    try {
      w.send({
        create_request: {
          key: b('frag/'),
          range_end: b('frag0'),
          start_revision: start.header.revision,
          fragment: true,
        },
      });
      await w.next();
      const parts = [await w.next()];
      while (parts.at(-1).fragment) parts.push(await w.next());
      expect(parts.length).toBeGreaterThan(1);
      expect(parts.slice(0, -1).every((p) => p.fragment === true)).toBe(true);
      expect(parts.flatMap((p) => p.events).map((e: any) => e.kv.key.toString())).toEqual([
        'frag/0',
        'frag/1',
        'frag/2',
        'frag/3',
      ]);
      for (const p of parts) expect(p.events.length * big.length).toBeLessThan(2 * 1024 * 1024);
    } finally {
      w.close();
    }
  });

  it('keeps delivering every event to a slow reader (back-pressure parks and resumes the watcher)', async () => {
    const w = new WatchClient(s);
    try {
      w.send({ create_request: { key: b('slow/'), range_end: b('slow0') } });
      await w.next();
      w.stream.pause();
      const value = Buffer.alloc(64 * 1024, 1);
      const n = 120;
      for (let i = 0; i < n; i++) await s.call('KV', 'Put', { key: b(`slow/${i % 10}`), value });
      w.stream.resume();
      const evs = await w.events(n);
      const revs = evs.map((e: any) => Number(e.kv.mod_revision));
      expect(revs).toEqual([...revs].sort((x, y) => x - y));
      expect(new Set(revs).size).toBe(n);
    } finally {
      w.close();
    }
  });

  it('survives 1,000 streams with watches that disconnect, and still serves watches', async () => {
    const clients = Array.from({ length: 10 }, () => makeClients(s.target));
    const streams: ClientDuplexStream<object, any>[] = [];
    for (let i = 0; i < 1000; i++) {
      const st = (clients[i % 10]!.Watch as any).Watch() as ClientDuplexStream<object, any>;
      st.on('error', () => undefined);
      st.on('data', () => undefined);
      st.write({ create_request: { key: b(`many/${i}`), prev_kv: true } });
      streams.push(st);
    }
    await put(s, 'many/1', 'x');
    for (const st of streams) st.cancel();
    for (const c of clients) for (const svc of Object.values(c)) svc.close();
    const w = new WatchClient(s);
    try {
      w.send({ create_request: { key: b('many/after') } });
      expect(await w.next()).toMatchObject({ created: true });
      await put(s, 'many/after', 'ok');
      expect((await w.events(1))[0].kv.value).toEqual(b('ok'));
    } finally {
      w.close();
    }
  });
});

describe('Watch differential against the real etcd (etcdctl watch)', () => {
  let ours: TestStore;
  let real: EtcdServer;
  beforeAll(async () => {
    [ours, real] = await Promise.all([startTestStore(), startRealEtcd()]);
  });
  afterAll(async () => {
    await Promise.all([ours?.stop(), real?.stop()]);
  });

  it('prints the same history for etcdctl watch --rev --prefix --prev-kv', async () => {
    const write = async (endpoint: string) => {
      for (const args of [
        ['put', 'w/a', '1'],
        ['put', 'w/b', '2'],
        ['put', 'w/a', '3'],
        ['del', 'w/b'],
      ]) {
        expect((await etcdctl(endpoint, args)).code).toBe(0);
      }
    };
    await Promise.all([write(ours.endpoint), write(real.endpoint)]);
    const [a, e] = await Promise.all([watchOutput(ours.endpoint, 4), watchOutput(real.endpoint, 4)]);
    expect(a).toBe(e);
    expect(a).toContain('DELETE');
  });
});

/** Runs `etcdctl watch` from revision 1 and returns its output once it printed `events` events. */
function watchOutput(endpoint: string, events: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('etcdctl', ['--endpoints', endpoint, 'watch', '--rev', '1', '--prefix', '--prev-kv', 'w/'], {
      env: { ...process.env, ETCDCTL_API: '3' },
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`watch output incomplete: ${out}`));
    }, 10_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if ((out.match(/^(PUT|DELETE)$/gm) ?? []).length >= events) {
        // give etcdctl a moment to print the pair lines of the last event
        setTimeout(() => {
          clearTimeout(timer);
          child.kill();
          resolve(out);
        }, 200);
      }
    });
  });
}
