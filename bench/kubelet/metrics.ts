/** Counts of the API server's requests, from its /metrics (apiserver_request_total). */

/** Sums apiserver_request_total samples whose labels include every given one. */
export async function requestCount(apiserver: string, labels: Record<string, string>): Promise<number> {
  const text = await (await fetch(`${apiserver}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const want = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (want) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}
