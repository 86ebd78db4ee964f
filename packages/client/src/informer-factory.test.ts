import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { FakeClock, FakeListerWatcher } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { type InformerScope, SharedInformerFactory } from './informer-factory.js';
import type { ResourceName, ResourceTypes, Served } from './resource-types.js';

function setup() {
  const clock = new FakeClock(0);
  const created: string[] = [];
  const factory = new SharedInformerFactory({
    clock,
    logger: pino({ level: 'silent' }),
    listerWatcherFor: <R extends ResourceName>(resource: R, scope: InformerScope) => {
      created.push(`${resource} ${JSON.stringify(scope)}`);
      const lw = new FakeListerWatcher<Served<ResourceTypes[R]>>({ statusError: apiErrorFromStatus });
      // A fixture with metadata only: the factory and informers read nothing else.
      lw.upsert({ metadata: { name: `${resource}-1`, namespace: 'default' } } as Served<ResourceTypes[R]>);
      return lw;
    },
  });
  return { clock, created, factory };
}

describe('SharedInformerFactory', () => {
  it('shares one informer per resource and scope', () => {
    const { factory, created } = setup();
    const a = factory.informerFor('pods');
    const b = factory.informerFor('pods', {});
    const c = factory.informerFor('pods', { fieldSelector: 'spec.nodeName=n1' });
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(created).toEqual(['pods {}', 'pods {"fieldSelector":"spec.nodeName=n1"}']);
  });

  it('starts everything requested, syncs, starts late requests, and shuts down on abort', async () => {
    const { factory, clock } = setup();
    const pods = factory.informerFor('pods');
    const nodes = factory.informerFor('nodes');
    const ac = new AbortController();
    factory.start(ac.signal);
    const synced = factory.waitForCacheSync();
    await clock.settle();
    expect(await synced).toBe(true);
    expect(pods.lister().get('pods-1', 'default')).toBeDefined();
    expect(nodes.hasSynced()).toBe(true);
    const late = factory.informerFor('services');
    await clock.settle();
    expect(late.hasSynced()).toBe(true);
    ac.abort();
    await factory.shutdown();
  });

  it('refuses an index the shared informer was not created with', () => {
    const { factory } = setup();
    factory.informerFor('pods', {}, { nodeName: () => [] });
    expect(() => factory.informerFor('pods', {}, { nodeName: () => [] })).not.toThrow();
    expect(() => factory.informerFor('pods', {}, { owner: () => [] })).toThrow('without index owner');
  });

  it('waitForCacheSync gives up when aborted', async () => {
    const { factory } = setup();
    factory.informerFor('pods');
    expect(await factory.waitForCacheSync(AbortSignal.abort())).toBe(false);
  });
});
