/** Pods, nodes and Services for the endpoints and endpointslice controller tests. */
import type { Pod, Service } from '@wheelhouse/api';
import { type RestClient, type Served, isAlreadyExists } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';

/** What a test pod looks like. */
export interface TestPod {
  name: string;
  labels?: Record<string, string>;
  node?: string;
  hostname?: string;
  subdomain?: string;
  ports?: Array<{ name?: string; containerPort: number; protocol?: string }>;
}

/** Creates a pod with one container (its ports as given). */
export async function createPod(client: RestClient, ns: string, p: TestPod): Promise<Served<Pod>> {
  const spec: Pod['spec'] = { containers: [{ name: 'c', image: 'nginx', ...(p.ports ? { ports: p.ports } : {}) }] };
  if (p.node) spec.nodeName = p.node;
  if (p.hostname) spec.hostname = p.hostname;
  if (p.subdomain) spec.subdomain = p.subdomain;
  return client.resource('pods', ns).create({ metadata: { name: p.name, labels: p.labels ?? { app: 'web' } }, spec });
}

/** Plays the kubelet: the pod Running with `ip`, Ready or not since `at` (ms). */
export async function setPodStatus(
  client: RestClient,
  ns: string,
  name: string,
  ip: string,
  ready: boolean,
  at: number,
): Promise<void> {
  const time = formatTime(at);
  const status = ready ? 'True' : 'False';
  await client.resource('pods', ns).patch(
    name,
    {
      status: {
        phase: 'Running',
        podIP: ip,
        podIPs: [{ ip }],
        conditions: [
          { type: 'Ready', status, lastTransitionTime: time },
          { type: 'ContainersReady', status, lastTransitionTime: time },
        ],
      },
    },
    { subresource: 'status', type: 'merge' },
  );
}

/** Creates a Service selecting `app=<selectorApp>` (default `web`). */
export async function createService(
  client: RestClient,
  ns: string,
  name: string,
  spec: Service['spec'],
  labels?: Record<string, string>,
): Promise<Served<Service>> {
  return client
    .resource('services', ns)
    .create({ metadata: { name, ...(labels ? { labels } : {}) }, spec: { selector: { app: 'web' }, ...spec } });
}

/** Creates a node named `name` in `zone` (if given), unless it exists. */
export async function ensureNode(client: RestClient, name: string, zone?: string): Promise<void> {
  const labels: Record<string, string> = zone ? { 'topology.kubernetes.io/zone': zone } : {};
  await client
    .resource('nodes')
    .create({ metadata: { name, labels } })
    .catch((err: unknown) => {
      if (!isAlreadyExists(err)) throw err;
    });
}
