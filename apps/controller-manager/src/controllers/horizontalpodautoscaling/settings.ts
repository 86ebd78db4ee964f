/**
 * The horizontal pod autoscaler's flags, with kube-controller-manager 1.32's names and
 * defaults. Only the sync period acts here: kube's other HPA flags tune the metric arithmetic,
 * and no metrics API is served (metrics.ts).
 */
import { type FlagSpec, parseDuration } from '@wheelhouse/flags';

/** kube's --horizontal-pod-autoscaler-sync-period. */
export const SYNC_PERIOD_FLAG = 'horizontal-pod-autoscaler-sync-period';

/** The controller's own flags (its worker count is --concurrent-horizontal-pod-autoscaler-syncs). */
export const HPA_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [SYNC_PERIOD_FLAG]: {
    type: 'string',
    description: 'The period for syncing the number of pods in horizontal pod autoscaler.',
    default: '15s',
    placeholder: 'DURATION',
  },
};

/** The sync period in milliseconds (absent: the default); throws a FlagError for a bad value. */
export function syncPeriodMs(values: Readonly<Record<string, unknown>> = {}): number {
  const raw = String(values[SYNC_PERIOD_FLAG] ?? HPA_FLAGS[SYNC_PERIOD_FLAG]!.default);
  const ms = parseDuration(raw, SYNC_PERIOD_FLAG);
  if (ms <= 0) throw new Error(`invalid --${SYNC_PERIOD_FLAG}: ${raw} (must be > 0)`);
  return ms;
}
