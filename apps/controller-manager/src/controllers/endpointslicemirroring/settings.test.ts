import { describe, expect, it } from 'vitest';
import { buildControllerManager } from '../../controller-manager.js';
import { mirroringSettings } from './settings.js';

describe('endpointslicemirroring settings', () => {
  it("defaults to kube-controller-manager's 1000 endpoints a subset and no batching", () => {
    expect(mirroringSettings(undefined)).toEqual({ maxEndpointsPerSubset: 1000, batchMs: 0 });
    expect(
      mirroringSettings({
        'mirroring-max-endpoints-per-subset': 5,
        'mirroring-endpointslice-updates-batch-period': '2s',
      }),
    ).toEqual({ maxEndpointsPerSubset: 5, batchMs: 2000 });
  });

  it('refuses bad values when the manager is built', () => {
    expect(() => buildControllerManager({ settings: { 'mirroring-max-endpoints-per-subset': 1001 } })).toThrow(
      'invalid --mirroring-max-endpoints-per-subset: 1001 (must be between 1 and 1000)',
    );
    expect(() =>
      buildControllerManager({ settings: { 'mirroring-endpointslice-updates-batch-period': '-1s' } }),
    ).toThrow(/^invalid --mirroring-endpointslice-updates-batch-period: /);
  });
});
