/**
 * Where the API server's time goes in a phase: requests by verb, resource and code, with their
 * mean latency, from the difference of two reads of its /metrics (apiserver_request_total and
 * apiserver_request_duration_seconds).
 */

/** Counters by request kind ("POST pods/binding 201"), and latency sums and counts by "POST pods/binding". */
export interface RequestSnapshot {
  counts: Map<string, number>;
  latencySum: Map<string, number>;
  latencyCount: Map<string, number>;
  /** Mutating requests holding an inflight slot, and waiting for one, at the read. */
  mutating: { inflight: number; queued: number };
}

const SAMPLE =
  /^(apiserver_request_total|apiserver_request_duration_seconds_sum|apiserver_request_duration_seconds_count|apiserver_current_inflight_requests|apiserver_current_inqueue_requests)\{([^}]*)\} (\S+)$/;

function labels(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

function add(map: Map<string, number>, key: string, v: number): void {
  map.set(key, (map.get(key) ?? 0) + v);
}

/** Reads the API server's request counters now. */
export async function readRequests(apiUrl: string): Promise<RequestSnapshot> {
  const text = await (await fetch(`${apiUrl}/metrics`)).text();
  const s: RequestSnapshot = {
    counts: new Map(),
    latencySum: new Map(),
    latencyCount: new Map(),
    mutating: { inflight: 0, queued: 0 },
  };
  for (const line of text.split('\n')) {
    const m = SAMPLE.exec(line);
    if (!m) continue;
    const l = labels(m[2]!);
    const what = `${l.verb} ${l.resource}${l.subresource ? `/${l.subresource}` : ''}`;
    const v = Number(m[3]);
    if (m[1]!.startsWith('apiserver_current_')) {
      if (l.request_kind === 'mutating') s.mutating[m[1]!.includes('inflight') ? 'inflight' : 'queued'] = v;
    } else if (m[1] === 'apiserver_request_total') add(s.counts, `${what} ${l.code}`, v);
    else add(m[1]!.endsWith('_sum') ? s.latencySum : s.latencyCount, what, v);
  }
  return s;
}

const delta = (a: Map<string, number>, b: Map<string, number>, k: string): number => (b.get(k) ?? 0) - (a.get(k) ?? 0);

/**
 * The requests made between two snapshots, most frequent first, one per line: count, rate
 * over `seconds`, and the mean latency of that verb and resource (all codes).
 */
export function requestTable(from: RequestSnapshot, to: RequestSnapshot, seconds: number): string {
  const rows = [...to.counts.keys()]
    .map((k) => [k, delta(from.counts, to.counts, k)] as const)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  return rows
    .map(([k, n]) => {
      const what = k.slice(0, k.lastIndexOf(' '));
      const count = delta(from.latencyCount, to.latencyCount, what);
      const mean = count > 0 ? `${((1000 * delta(from.latencySum, to.latencySum, what)) / count).toFixed(1)} ms` : '-';
      return `  ${k.padEnd(40)}${String(n).padStart(8)}${`${(n / seconds).toFixed(0)}/s`.padStart(9)}  mean ${mean}`;
    })
    .join('\n');
}
