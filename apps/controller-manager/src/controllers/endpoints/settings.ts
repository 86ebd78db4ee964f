/** The endpoints controller's flags, with kube-controller-manager 1.32's names and defaults. */
import { type FlagSpec, parseDuration } from '@wheelhouse/flags';

/** --endpoint-updates-batch-period: how long pod changes wait to be synced together (0: at once). */
export const ENDPOINT_BATCH_FLAG = 'endpoint-updates-batch-period';

/** The flags the endpoints descriptor declares besides --concurrent-endpoint-syncs. */
export const ENDPOINTS_FLAGS: Readonly<Record<string, FlagSpec>> = {
  [ENDPOINT_BATCH_FLAG]: {
    type: 'string',
    description: 'the length of endpoint updates batching period; pod changes are delayed by it to batch them',
    default: '0s',
    placeholder: 'DURATION',
  },
};

/** The batch period in ms from the controller's settings (the default without them); throws `invalid --flag: ...`. */
export function batchPeriodMs(settings: Readonly<Record<string, unknown>> | undefined, flag: string): number {
  const text = String(settings?.[flag] ?? '0s');
  let ms: number;
  try {
    ms = parseDuration(text, flag);
  } catch (err) {
    throw new Error(`invalid --${flag}: ${(err as Error).message}`, { cause: err });
  }
  if (ms < 0) throw new Error(`invalid --${flag}: ${text} (must be >= 0)`);
  return ms;
}

/** The most endpoints a slice may hold, as kube-controller-manager bounds its per-slice flags (1 to 1000). */
const MAX_ENDPOINTS_LIMIT = 1000;

/**
 * A per-slice endpoints limit (--max-endpoints-per-slice, --mirroring-max-endpoints-per-subset)
 * from the controller's settings, `fallback` without one; throws `invalid --flag: ...` outside 1 to 1000.
 */
export function endpointsLimit(
  settings: Readonly<Record<string, unknown>> | undefined,
  flag: string,
  fallback: number,
): number {
  const max = Number(settings?.[flag] ?? fallback);
  if (!Number.isInteger(max) || max < 1 || max > MAX_ENDPOINTS_LIMIT)
    throw new Error(`invalid --${flag}: ${max} (must be between 1 and ${MAX_ENDPOINTS_LIMIT})`);
  return max;
}
