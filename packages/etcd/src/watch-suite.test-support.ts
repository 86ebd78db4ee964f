import { describe, it, expect } from 'vitest';
import { createEtcdClient, type EtcdClient } from './client.js';
import { EtcdError } from './errors.js';
import { str, takeEvents, type SuiteContext } from './suite-helpers.test-support.js';

/** Watch behaviour, including resume across a server restart (part of describeEtcdClient). */
export function watchSuite(ctx: SuiteContext): void {
  const client = (): EtcdClient => ctx.client();

  describe('watch', () => {
    it('delivers live puts and deletes with prevKv, in order, and ends on cancel', async () => {
      const p = ctx.ns();
      const w = client().watch({ key: p, prefix: true, prevKv: true });
      await w.created();
      const r1 = await client().put(`${p}a`, '1');
      await client().put(`${p}a`, '2');
      await client().delete(`${p}a`);
      const ev = await takeEvents(w, 3);
      expect(ev.map((e) => [e.type, str(e.kv.value), str(e.prevKv?.value)])).toEqual([
        ['put', '1', undefined],
        ['put', '2', '1'],
        ['delete', '', '2'],
      ]);
      expect(ev[2]!.kv.modRevision).toBe(r1.header.revision + 2);
      expect(str(ev[2]!.kv.key)).toBe(`${p}a`);
      await w.cancel();
      expect((await w.next()).done).toBe(true);
    });

    it('replays history from a past revision, then continues live, on one shared stream', async () => {
      const p = ctx.ns();
      const start = (await client().put(`${p}a`, '1')).header.revision;
      await client().put(`${p}b`, '2');
      const w = client().watch({ key: p, prefix: true, startRevision: start });
      const other = client().watch({ key: `${p}b` });
      await Promise.all([w.created(), other.created()]);
      await client().put(`${p}b`, '3');
      const ev = await takeEvents(w, 3);
      expect(ev.map((e) => [str(e.kv.key)?.slice(p.length), str(e.kv.value), e.kv.modRevision])).toEqual([
        ['a', '1', start],
        ['b', '2', start + 1],
        ['b', '3', start + 2],
      ]);
      expect((await takeEvents(other, 1)).map((e) => str(e.kv.value))).toEqual(['3']);
      await w.return();
      expect((await w.next()).done).toBe(true);
      await other.cancel();
    });

    it('applies filters and exact-key / range selection', async () => {
      const p = ctx.ns();
      const noPut = client().watch({ key: p, prefix: true, filters: ['noPut'] });
      const exact = client().watch({ key: `${p}a` });
      await Promise.all([noPut.created(), exact.created()]);
      await client().put(`${p}a`, '1');
      await client().put(`${p}ab`, '1');
      await client().delete(`${p}ab`);
      await client().delete(`${p}a`);
      expect((await takeEvents(noPut, 2)).map((e) => [e.type, str(e.kv.key)])).toEqual([
        ['delete', `${p}ab`],
        ['delete', `${p}a`],
      ]);
      expect((await takeEvents(exact, 2)).map((e) => e.type)).toEqual(['put', 'delete']);
      await noPut.cancel();
      await exact.cancel();
    });

    it('answers a progress request with the current revision', async () => {
      const w = client().watch({ key: `${ctx.ns()}p` });
      await w.created();
      const rev = (await client().put(`${ctx.ns()}other`, 'x')).header.revision;
      client().requestWatchProgress();
      const r = await w.next();
      expect(r.done).toBe(false);
      expect(r.value).toMatchObject({ events: [], progressNotify: true });
      expect((r.value as { revision: number }).revision).toBeGreaterThanOrEqual(rev);
      await w.cancel();
    });

    it("replays a backlog larger than gRPC's 4 MiB default, whole or fragmented, as one batch", async () => {
      const p = ctx.ns();
      // Each value stays under the servers' 1.5 MiB request limit; together they pass 4 MiB.
      const value = Buffer.alloc(700 * 1024, 'v');
      const start = (await client().put(`${p}0`, value)).header.revision;
      for (let i = 1; i < 7; i++) await client().put(`${p}${i}`, value);
      expect((await client().get(p, { prefix: true })).kvs.map((kv) => kv.value.length)).toEqual(
        Array(7).fill(value.length),
      );
      for (const fragment of [false, true]) {
        const w = client().watch({ key: p, prefix: true, startRevision: start, fragment });
        const first = await w.next();
        expect(first.done).toBe(false);
        const events = (first.value as { events: Array<{ kv: { modRevision: number; value: Buffer } }> }).events;
        expect(events.map((e) => [e.kv.modRevision, e.kv.value.length])).toEqual(
          [0, 1, 2, 3, 4, 5, 6].map((i) => [start + i, value.length]),
        );
        await w.cancel();
      }
    }, 20_000);

    it('fails with Compacted (and the compact revision) when the start revision is compacted', async () => {
      const k = `${ctx.ns()}c`;
      const r1 = await client().put(k, '1');
      const r2 = await client().put(k, '2');
      await client().compact(r2.header.revision);
      const w = client().watch({ key: k, startRevision: r1.header.revision });
      const err = await w.next().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(EtcdError);
      expect((err as EtcdError).code).toBe('Compacted');
      expect((err as EtcdError).compactRevision).toBe(r2.header.revision);
      expect((await w.next()).done).toBe(true);
    });

    it('resumes from the last seen revision after the server restarts, without gaps or duplicates', async () => {
      const p = ctx.ns();
      const w = client().watch({ key: p, prefix: true });
      await w.created();
      await client().put(`${p}1`, 'a');
      expect((await takeEvents(w, 1)).map((e) => str(e.kv.key))).toEqual([`${p}1`]);
      await ctx.server().restart();
      // Written by a separate client right after the restart, most likely before our stream is back.
      const other = createEtcdClient({ endpoints: [ctx.server().endpoint] });
      try {
        await other.put(`${p}2`, 'b');
        await other.put(`${p}3`, 'c');
      } finally {
        other.close();
      }
      const ev = await takeEvents(w, 2, 8_000);
      expect(ev.map((e) => str(e.kv.key))).toEqual([`${p}2`, `${p}3`]);
      await w.cancel();
      expect((await client().get(`${p}`, { prefix: true })).count).toBe(3);
    }, 20_000);
  });
}
