/** Pods for the client bench: the shape of bench/apiserver's, written through the REST client. */
import type { Pod } from '@wheelhouse/api';
import type { RestClient } from '@wheelhouse/client';

/** The namespace the bench fills. */
export const NS = 'bench';

/** A pod like a small Deployment's: labels, one container with requests. */
export function podBody(i: number): Pod {
  return {
    metadata: { name: `pod-${String(i).padStart(5, '0')}`, labels: { app: 'bench', shard: String(i % 16) } },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.9',
          ports: [{ containerPort: 8080 }],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
  };
}

/** Creates pods `0..count-1` in {@link NS}, `inFlight` at a time; resolves the seconds it took. */
export async function createPods(client: RestClient, count: number, inFlight: number): Promise<number> {
  const pods = client.resource('pods', NS);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await pods.create(podBody(next++));
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (performance.now() - t0) / 1000;
}
