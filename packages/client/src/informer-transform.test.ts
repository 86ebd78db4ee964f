import type { ObjectWithMetadata } from '@wheelhouse/api';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FakeClock, FakeListerWatcher } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { pod, setup } from './informer.test-support.js';
import { SharedInformerFactory } from './informer-factory.js';
import { stripManagedFields } from './informer.js';
import type { ResourceName, ResourceTypes, Served } from './resource-types.js';

describe('Informer transform', () => {
  it('is applied to listed and watched objects before they are cached or reach a handler', async () => {
    const { clock, lw, seen, informer, ac, start } = setup({
      transform: (p) => {
        p.metadata.labels = { ...p.metadata.labels, transformed: 'yes' };
        return p;
      },
    });
    const labelled: string[] = [];
    informer.addEventHandler({
      onAdd: (p) => labelled.push(`${p.metadata.name} ${p.metadata.labels?.transformed}`),
      onDelete: (p) => labelled.push(`gone ${p.metadata.name} ${p.metadata.labels?.transformed}`),
    });
    lw.upsert(pod('listed'));
    const done = start();
    await clock.settle();
    lw.upsert(pod('watched'));
    lw.delete('default/listed');
    await clock.settle();
    expect(labelled).toEqual(['listed yes', 'watched yes', 'gone listed yes']);
    expect(seen).toEqual(['add listed initial', 'add watched', 'delete listed']);
    expect(informer.lister().get('watched', 'default')?.metadata.labels).toEqual({ transformed: 'yes' });
    expect([...lw.state().values()][0]!.metadata.labels).toBeUndefined(); // the source is untouched
    ac.abort();
    await done;
  });

  it('applies a factory-wide transform to every informer: stripManagedFields keeps managedFields out of the cache', async () => {
    const clock = new FakeClock(0);
    const factory = new SharedInformerFactory({
      clock,
      logger: pino({ level: 'silent' }),
      transform: stripManagedFields,
      listerWatcherFor: <R extends ResourceName>(resource: R) => {
        const lw = new FakeListerWatcher<Served<ResourceTypes[R]>>({ statusError: apiErrorFromStatus });
        const obj: ObjectWithMetadata = {
          metadata: { name: `${resource}-1`, namespace: 'default', managedFields: [{ manager: 'kubectl' }] },
        };
        lw.upsert(obj as Served<ResourceTypes[R]>);
        return lw;
      },
    });
    const pods = factory.informerFor('pods');
    const ac = new AbortController();
    factory.start(ac.signal);
    expect(await factory.waitForCacheSync()).toBe(true);
    const cached = pods.lister().get('pods-1', 'default');
    expect(cached?.metadata.name).toBe('pods-1');
    expect(cached?.metadata).not.toHaveProperty('managedFields');
    ac.abort();
    await factory.shutdown();
  });
});
