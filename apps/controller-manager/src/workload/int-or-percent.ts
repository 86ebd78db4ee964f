/** kube's intstr.GetScaledValueFromIntOrPercent, for maxSurge, maxUnavailable and partitions. */
import type { IntOrString } from '@wheelhouse/api';

/**
 * `value` as a count out of `total`: an integer as is; "N%" as N% of total, rounded up or
 * down. Throws for a string that is not a percentage (validation refuses those first).
 */
export function scaledValue(value: IntOrString | undefined | null, total: number, roundUp: boolean): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  const m = /^(-?\d+)%$/.exec(value);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}
