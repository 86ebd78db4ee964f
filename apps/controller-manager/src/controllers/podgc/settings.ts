/** The pod GC's flag and fixed periods, with kube-controller-manager 1.32's names and defaults. */
import type { FlagSpec } from '@wheelhouse/flags';

/** kube's --terminated-pod-gc-threshold. */
export const THRESHOLD_FLAG = 'terminated-pod-gc-threshold';

/** The pod GC's own flags. */
export const POD_GC_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [THRESHOLD_FLAG]: {
    type: 'number',
    description:
      'Number of terminated pods that can exist before the terminated pod garbage collector starts deleting terminated pods. If <= 0, the terminated pod garbage collector is disabled.',
    default: 12500,
  },
};

/** How often the pod GC looks at every pod (kube's gcCheckPeriod). */
export const GC_CHECK_PERIOD_MS = 20_000;

/** How long a node must be missing before its pods count as orphaned (kube's quarantineTime). */
export const QUARANTINE_MS = 40_000;

/** The threshold from the controller's settings (its default without them). */
export function thresholdOf(settings: Readonly<Record<string, unknown>> | undefined): number {
  const value = settings?.[THRESHOLD_FLAG];
  return typeof value === 'number' ? value : (POD_GC_FLAGS[THRESHOLD_FLAG]!.default as number);
}

/** Throws `invalid --terminated-pod-gc-threshold: ...` unless the value is an integer (kube's is an int32). */
export function checkPodGcSettings(settings: Readonly<Record<string, unknown>>): void {
  const value = settings[THRESHOLD_FLAG];
  if (!Number.isInteger(value) || Math.abs(value as number) > 2 ** 31 - 1)
    throw new Error(`invalid --${THRESHOLD_FLAG}: ${String(value)} (must be a 32-bit integer)`);
}
