import { describe, expect, it } from 'vitest';
import { buildControllerManager } from '../../controller-manager.js';
import { endpointSliceSettings } from './settings.js';

describe('endpointslice settings', () => {
  it("defaults to kube-controller-manager's 100 endpoints a slice and no batching", () => {
    expect(endpointSliceSettings(undefined)).toEqual({ maxEndpointsPerSlice: 100, batchMs: 0 });
    expect(
      endpointSliceSettings({ 'max-endpoints-per-slice': 1000, 'endpointslice-updates-batch-period': '1.5s' }),
    ).toEqual({ maxEndpointsPerSlice: 1000, batchMs: 1500 });
  });

  it('refuses bad values when the manager is built', () => {
    expect(() => buildControllerManager({ settings: { 'max-endpoints-per-slice': 0 } })).toThrow(
      'invalid --max-endpoints-per-slice: 0 (must be between 1 and 1000)',
    );
    expect(() => buildControllerManager({ settings: { 'endpoint-updates-batch-period': '10' } })).toThrow(
      /^invalid --endpoint-updates-batch-period: /,
    );
  });
});
