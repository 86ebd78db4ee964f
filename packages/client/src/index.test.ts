import { describe, expect, it } from 'vitest';
import * as client from './index.js';

describe('public surface', () => {
  it('exports the runtime API by name and no test helpers', () => {
    const names = Object.keys(client).sort();
    expect(names).toContain('WorkQueue');
    expect(names).toContain('LeaderElector');
    expect(names).toContain('loadKubeconfig');
    expect(names).toContain('parseWatchStream');
    expect(names).toContain('RestClient');
    expect(names).toContain('RestLeaseStore');
    expect(names).toContain('RestEventSink');
    expect(names).toContain('restListerWatcher');
    for (const fake of ['FakeClock', 'MemoryLeaseStore', 'MemoryEventSink']) expect(names).not.toContain(fake);
    for (const fake of ['FakeListerWatcher', 'CuttableProxy', 'startTestCluster', 'captureLogger'])
      expect(names).not.toContain(fake);
  });

  it('exports the controller runtime', () => {
    const names = Object.keys(client);
    for (const name of [
      'buildManager',
      'Controller',
      'enqueueObject',
      'enqueueOwner',
      'generationChanged',
      'resourceVersionChanged',
      'labelSelectorPredicate',
      'withPredicates',
      'Expectations',
      'patchIfChanged',
      'PrometheusWorkQueueMetrics',
      'stripManagedFields',
    ])
      expect(names).toContain(name);
  });
});
