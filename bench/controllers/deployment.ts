/**
 * The Deployment the controllers bench rolls out, the patch `kubectl set image` sends, and
 * the status checks `kubectl rollout status` makes.
 */
import type { Deployment } from '@wheelhouse/api';

/** The bench's namespace. */
export const NAMESPACE = 'bench';

/** The measured Deployment's name and its container. */
export const NAME = 'bench';
const CONTAINER = 'app';

/** The image the Deployment starts with, and the one the rolling update sets. */
export const IMAGES = ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.9'] as const;

/**
 * A Deployment of `replicas` pause pods with small requests (so the scheduler's Fit has
 * something to count), RollingUpdate with maxSurge 25% and maxUnavailable 25% (kube's
 * defaults, spelled out).
 */
export function benchDeployment(name: string, replicas: number): Deployment {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NAMESPACE },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels },
        spec: {
          containers: [{ name: CONTAINER, image: IMAGES[0], resources: { requests: { cpu: '10m', memory: '16Mi' } } }],
        },
      },
    },
  };
}

/** The strategic merge patch of `kubectl set image deployment/NAME app=IMAGE`. */
export function setImagePatch(image: string): unknown {
  return { spec: { template: { spec: { containers: [{ name: CONTAINER, image }] } } } };
}

/** Whether the controller has seen the Deployment's current generation. */
export function observed(d: Deployment): boolean {
  return (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 1);
}

/**
 * `kubectl rollout status`'s success: the current generation observed and
 * updatedReplicas == replicas == availableReplicas == spec.replicas (so no old replica is left
 * in the status).
 */
export function rolloutComplete(d: Deployment): boolean {
  const want = d.spec?.replicas ?? 1;
  const s = d.status ?? {};
  return observed(d) && s.updatedReplicas === want && s.replicas === want && s.availableReplicas === want;
}

/** The status fields the bench prints while waiting. */
export function statusLine(d: Deployment | undefined): string {
  const s = d?.status ?? {};
  return (
    `deployment replicas ${s.replicas ?? 0} updated ${s.updatedReplicas ?? 0} ready ${s.readyReplicas ?? 0} ` +
    `available ${s.availableReplicas ?? 0} (generation ${d?.metadata?.generation ?? '-'} observed ${s.observedGeneration ?? '-'})`
  );
}
