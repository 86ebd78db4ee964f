/** The resourcequota controller's flags, with kube-controller-manager 1.32's names and defaults. */
import { type FlagSpec, parseDuration } from '@wheelhouse/flags';

/** kube's --resource-quota-sync-period. */
export const SYNC_PERIOD_FLAG = 'resource-quota-sync-period';

/** The controller's own flags (its worker count is --concurrent-resource-quota-syncs). */
export const RESOURCE_QUOTA_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [SYNC_PERIOD_FLAG]: {
    type: 'string',
    description: 'The period for syncing quota usage status in the system',
    default: '5m0s',
    placeholder: 'DURATION',
  },
};

/** The sync period in milliseconds (absent: the default); throws a FlagError for a value that is not a duration. */
export function syncPeriodMs(values: Readonly<Record<string, unknown>> = {}): number {
  const raw = values[SYNC_PERIOD_FLAG] ?? RESOURCE_QUOTA_FLAGS[SYNC_PERIOD_FLAG]!.default;
  return parseDuration(String(raw), SYNC_PERIOD_FLAG);
}
