/** The garbage collector's flags, with kube-controller-manager 1.32's names and defaults. */
import type { FlagSpec } from '@wheelhouse/flags';

/** kube's --concurrent-gc-syncs: workers of each of the collector's two queues. */
export const CONCURRENCY_FLAG = 'concurrent-gc-syncs';

/** Its default. */
export const DEFAULT_GC_WORKERS = 20;

/** kube's --enable-garbage-collector. */
export const ENABLE_FLAG = 'enable-garbage-collector';

/** The collector's own flags (besides the concurrency one). */
export const GC_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [ENABLE_FLAG]: {
    type: 'boolean',
    description:
      'Enables the generic garbage collector. MUST be synced with the corresponding flag of the kube-apiserver.',
    default: true,
  },
};

/** Whether the collector runs under `settings` (absent: the flag's default, true). */
export function gcEnabled(settings: Readonly<Record<string, unknown>> | undefined): boolean {
  return settings?.[ENABLE_FLAG] !== false;
}
