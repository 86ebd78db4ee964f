/** Throughput and latency percentiles of one load run. */
export interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  count: number;
}

/** The p-th percentile (0-100) of `values` (nearest rank); NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Summarizes latencies (ms) measured over `seconds`. */
export function summarize(latencies: readonly number[], seconds: number): Figures {
  return {
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    count: latencies.length,
  };
}
