/** The endpointslice controller's flags, with kube-controller-manager 1.32's names and defaults. */
import type { FlagSpec } from '@wheelhouse/flags';
import { batchPeriodMs, endpointsLimit } from '../endpoints/settings.js';

/** --max-endpoints-per-slice. */
export const MAX_ENDPOINTS_FLAG = 'max-endpoints-per-slice';
/** --endpointslice-updates-batch-period. */
export const ENDPOINTSLICE_BATCH_FLAG = 'endpointslice-updates-batch-period';
/** --max-endpoints-per-slice's default. */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

/** The flags the endpointslice descriptor declares besides --concurrent-service-endpoint-syncs. */
export const ENDPOINTSLICE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [MAX_ENDPOINTS_FLAG]: {
    type: 'number',
    description: 'the maximum number of endpoints added to an EndpointSlice (1 to 1000)',
    default: DEFAULT_MAX_ENDPOINTS_PER_SLICE,
  },
  [ENDPOINTSLICE_BATCH_FLAG]: {
    type: 'string',
    description: 'the length of endpoint slice updates batching period; pod changes are delayed by it to batch them',
    default: '0s',
    placeholder: 'DURATION',
  },
};

/** The settings the controller runs with. */
export interface EndpointSliceSettings {
  maxEndpointsPerSlice: number;
  batchMs: number;
}

/** The settings from the flags' values (defaults when absent); throws `invalid --flag: ...` for bad ones. */
export function endpointSliceSettings(settings: Readonly<Record<string, unknown>> | undefined): EndpointSliceSettings {
  return {
    maxEndpointsPerSlice: endpointsLimit(settings, MAX_ENDPOINTS_FLAG, DEFAULT_MAX_ENDPOINTS_PER_SLICE),
    batchMs: batchPeriodMs(settings, ENDPOINTSLICE_BATCH_FLAG),
  };
}

/** The descriptor's check: see {@link endpointSliceSettings}. */
export function checkEndpointSliceSettings(settings: Readonly<Record<string, unknown>>): void {
  endpointSliceSettings(settings);
}
