import type { ObjectWithMetadata } from '@wheelhouse/api';
import fc from 'fast-check';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FakeClock, FakeListerWatcher } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { Controller } from './controller.js';
import { Informer } from './informer.js';
import { objectKey, splitKey } from './object.js';

// The data flow of STYLE.md end to end, in process: list/watch -> cache -> handlers that
// only enqueue keys -> work queue -> reconcile that reads the lister and writes through the
// "API" (here the fake), never touching cached objects.

interface Pod extends ObjectWithMetadata {
  metadata: { name: string; namespace: string; resourceVersion?: string; labels?: Record<string, string> };
  spec: { want: string };
}

describe('informer + controller', () => {
  it('labels every pod with its desired value, converging through bursts and stream drops', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            name: fc.constantFrom('a', 'b', 'c', 'd'),
            want: fc.constantFrom('x', 'y'),
            gap: fc.integer({ min: 0, max: 300 }),
            drop: fc.boolean(),
          }),
          {
            maxLength: 25,
          },
        ),
        async (changes) => {
          const clock = new FakeClock(0);
          const silent = pino({ level: 'silent' });
          const api = new FakeListerWatcher<Pod>({ statusError: apiErrorFromStatus });
          const informer = new Informer<Pod>({
            name: 'pods',
            listerWatcher: api,
            clock,
            logger: silent,
            random: () => 0,
          });
          let errors = 0;
          let reconciles = 0;
          const controller = new Controller<string>({
            name: 'labeler',
            clock,
            logger: silent,
            workers: 2,
            reconcile: async (key) => {
              reconciles++;
              const { namespace, name } = splitKey(key);
              const cached = informer.lister().get(name, namespace);
              if (!cached) return {}; // gone: nothing to do
              if (cached.metadata.labels?.done === cached.spec.want) return {};
              const copy = structuredClone(cached) as Pod;
              copy.metadata.labels = { ...copy.metadata.labels, done: copy.spec.want };
              api.upsert(copy);
              return {};
            },
          });
          informer.addEventHandler({
            onAdd: (o) => controller.enqueue(objectKey(o)),
            onUpdate: (_, o) => controller.enqueue(objectKey(o)),
            onDelete: (o) => controller.enqueue(objectKey(o)),
          });
          const ac = new AbortController();
          const running = Promise.all([informer.run(ac.signal), controller.run(ac.signal).catch(() => errors++)]);
          for (const c of changes) {
            const current = api.state().get(`default/${c.name}`);
            api.upsert({
              metadata: {
                name: c.name,
                namespace: 'default',
                ...(current?.metadata.labels ? { labels: current.metadata.labels } : {}),
              },
              spec: { want: c.want },
            });
            if (c.drop) api.dropWatches(new Error('connection reset'));
            await clock.advance(c.gap);
          }
          await clock.advance(120_000);
          for (const p of api.state().values()) expect(p.metadata.labels?.done).toBe(p.spec.want);
          ac.abort();
          await running;
          expect(errors).toBe(0);
          if (changes.length > 0) expect(reconciles).toBeGreaterThan(0);
        },
      ),
      { numRuns: 60 },
    );
  });
});
