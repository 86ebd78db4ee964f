/**
 * The root-ca-cert-publisher's sync (kube's Publisher.syncNamespace): every namespace has the
 * ConfigMap `kube-root-ca.crt` holding exactly `{ "ca.crt": <root CA> }` and kube's
 * description annotation. A missing one is created; one whose data or annotation differ is
 * updated (other data keys dropped, other annotations kept).
 */
import { type ConfigMap, ROOT_CA_CONFIG_MAP } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type Lister,
  type RestClient,
  type Result,
  type Served,
  isNotFound,
  mutableCopy,
} from '@wheelhouse/client';
import type { Logger } from 'pino';
import { isNamespaceTerminating } from '../../workload/pod-control.js';

/** The annotation describing the ConfigMap (kube's DescriptionAnnotation). */
export const DESCRIPTION_ANNOTATION = 'kubernetes.io/description';

/** Its value (kube's Description). */
export const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The data key holding the bundle. */
export const CA_KEY = 'ca.crt';

/** What the sync reads and writes through, and the bundle it publishes. */
export interface RootCaPublisherDeps {
  client: RestClient;
  configMaps: Lister<Served<ConfigMap>>;
  /** The PEM bundle published as `ca.crt` ("" when the manager has none). */
  rootCA: string;
  logger: Logger;
}

/**
 * Syncs namespace `ns` (the queue's key). Throws a failed write, to be retried with backoff,
 * except a create refused because the namespace is gone or terminating (nothing to retry).
 */
export async function syncNamespace(deps: RootCaPublisherDeps, ns: string, signal?: AbortSignal): Promise<Result> {
  const cm = deps.configMaps.get(ROOT_CA_CONFIG_MAP, ns);
  if (!cm) return create(deps, ns, signal);
  if (isPublished(cm, deps.rootCA)) return {};
  const next = mutableCopy(cm) as Served<ConfigMap>;
  next.data = { [CA_KEY]: deps.rootCA };
  next.metadata.annotations = { ...next.metadata.annotations, [DESCRIPTION_ANNOTATION]: DESCRIPTION };
  await deps.client.resource('configmaps').update(next, { namespace: ns, ...(signal ? { signal } : {}) });
  deps.logger.debug({ namespace: ns }, 'updated root CA configmap');
  return {};
}

/** Whether `cm` holds exactly the bundle and a non-empty description (kube's check). */
export function isPublished(cm: DeepReadonly<ConfigMap>, rootCA: string): boolean {
  const keys = Object.keys(cm.data ?? {});
  const described = (cm.metadata?.annotations?.[DESCRIPTION_ANNOTATION] ?? '') !== '';
  return keys.length === 1 && cm.data?.[CA_KEY] === rootCA && described;
}

async function create(deps: RootCaPublisherDeps, ns: string, signal?: AbortSignal): Promise<Result> {
  const cm: ConfigMap = {
    metadata: { name: ROOT_CA_CONFIG_MAP, annotations: { [DESCRIPTION_ANNOTATION]: DESCRIPTION } },
    data: { [CA_KEY]: deps.rootCA },
  };
  try {
    await deps.client.resource('configmaps').create(cm, { namespace: ns, ...(signal ? { signal } : {}) });
    deps.logger.debug({ namespace: ns }, 'created root CA configmap');
  } catch (err) {
    // Don't retry a create if the namespace doesn't exist or is terminating (kube's words).
    if (!isNotFound(err) && !isNamespaceTerminating(err)) throw err;
  }
  return {};
}
