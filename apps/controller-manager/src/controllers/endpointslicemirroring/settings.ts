/** The endpointslicemirroring controller's flags, with kube-controller-manager 1.32's names and defaults. */
import type { FlagSpec } from '@wheelhouse/flags';
import { batchPeriodMs, endpointsLimit } from '../endpoints/settings.js';

/** --mirroring-concurrent-service-endpoint-syncs: the controller's workers. */
export const MIRRORING_CONCURRENCY_FLAG = 'mirroring-concurrent-service-endpoint-syncs';
/** --mirroring-max-endpoints-per-subset. */
export const MAX_ENDPOINTS_PER_SUBSET_FLAG = 'mirroring-max-endpoints-per-subset';
/** --mirroring-endpointslice-updates-batch-period. */
export const MIRRORING_BATCH_FLAG = 'mirroring-endpointslice-updates-batch-period';
/** --mirroring-max-endpoints-per-subset's default (kube's RecommendedDefault...Configuration). */
export const DEFAULT_MAX_ENDPOINTS_PER_SUBSET = 1000;

/** The flags the descriptor declares besides --mirroring-concurrent-service-endpoint-syncs. */
export const MIRRORING_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [MAX_ENDPOINTS_PER_SUBSET_FLAG]: {
    type: 'number',
    description:
      'the maximum number of endpoints that will be added to an EndpointSlice by the endpointslice-mirroring-controller (1 to 1000)',
    default: DEFAULT_MAX_ENDPOINTS_PER_SUBSET,
  },
  [MIRRORING_BATCH_FLAG]: {
    type: 'string',
    description:
      'the length of EndpointSlice updates batching period for the endpointslice-mirroring-controller; EndpointSlice changes are delayed by it',
    default: '0s',
    placeholder: 'DURATION',
  },
};

/** The settings the controller runs with. */
export interface MirroringSettings {
  maxEndpointsPerSubset: number;
  batchMs: number;
}

/** The settings from the flags' values (defaults when absent); throws `invalid --flag: ...` for bad ones. */
export function mirroringSettings(settings: Readonly<Record<string, unknown>> | undefined): MirroringSettings {
  return {
    maxEndpointsPerSubset: endpointsLimit(settings, MAX_ENDPOINTS_PER_SUBSET_FLAG, DEFAULT_MAX_ENDPOINTS_PER_SUBSET),
    batchMs: batchPeriodMs(settings, MIRRORING_BATCH_FLAG),
  };
}

/** The descriptor's check: see {@link mirroringSettings}. */
export function checkMirroringSettings(settings: Readonly<Record<string, unknown>>): void {
  mirroringSettings(settings);
}
