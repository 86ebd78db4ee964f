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

/** Every (verb, resource[/subresource], code) of apiserver_request_total with its count, e.g. `PATCH pods/status 200`. */
export async function requestMix(apiserver: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${apiserver}/metrics`)).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('apiserver_request_total{')) continue;
    const label = (k: string): string => new RegExp(`[{,]${k}="([^"]*)"`).exec(line)?.[1] ?? '';
    const sub = label('subresource');
    const key = `${label('verb')} ${label('resource')}${sub ? `/${sub}` : ''} ${label('code')}`;
    out.set(key, (out.get(key) ?? 0) + Number(line.slice(line.lastIndexOf(' ') + 1)));
  }
  return out;
}
