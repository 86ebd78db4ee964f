/**
 * The token volume kube-apiserver's ServiceAccount admission plugin adds to a new pod
 * (plugin/pkg/admission/serviceaccount: mountServiceAccountToken): a projected volume
 * `kube-api-access-<5 random characters>` with the service account's token, the cluster's CA
 * bundle (the `kube-root-ca.crt` ConfigMap) and the pod's namespace, mounted read-only at
 * /var/run/secrets/kubernetes.io/serviceaccount in every container and init container that
 * mounts nothing there yet. Every pod on a real cluster shows it in `kubectl get pod -o yaml`
 * and `kubectl describe pod`.
 */
import { generateName, type RandomSource } from '@wheelhouse/machinery';
import type { Pod } from '../schema/core-v1-pod.js';
import type { ServiceAccount } from '../schema/core-v1-config.js';

/** Where the token is mounted (kube's DefaultAPITokenMountPath). */
export const SERVICE_ACCOUNT_TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
/** The generated volume name's prefix (kube's ServiceAccountVolumeName + "-"). */
export const SERVICE_ACCOUNT_VOLUME_PREFIX = 'kube-api-access-';
/** The ConfigMap the root-ca-cert-publisher keeps in every namespace. */
export const ROOT_CA_CONFIG_MAP = 'kube-root-ca.crt';
/** The token's lifetime the plugin asks for (kube's WarnOnlyBoundTokenExpirationSeconds: an hour and 7 s). */
const TOKEN_EXPIRATION_SECONDS = 3607;
/** A static pod's mirror: the plugin leaves it alone (kube's MirrorPodAnnotationKey). */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

type Volume = NonNullable<NonNullable<Pod['spec']>['volumes']>[number];
type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

/** The projected volume, as kube writes it (its defaultMode 420 set explicitly, kubernetes#104464). */
function tokenVolume(name: string): Volume {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
        { configMap: { name: ROOT_CA_CONFIG_MAP, items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  } as Volume;
}

/** kube's shouldAutomount: the pod's choice, else the service account's, else true. */
function shouldAutomount(pod: Pod, serviceAccount: ServiceAccount | undefined): boolean {
  return pod.spec?.automountServiceAccountToken ?? serviceAccount?.automountServiceAccountToken ?? true;
}

/** Adds the mount to each container without one at the token path; true if any got it. */
function mountIn(containers: Container[] | undefined, volumeName: string): boolean {
  let mounted = false;
  for (const c of containers ?? []) {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_TOKEN_MOUNT_PATH)) continue;
    (c.volumeMounts ??= []).push({ name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH });
    mounted = true;
  }
  return mounted;
}

/**
 * Mounts the service account token into `pod` in place, as the ServiceAccount admission plugin
 * does on create: unless the pod is a mirror pod or automounting is off (the pod's
 * `automountServiceAccountToken`, else `serviceAccount`'s, else on). A volume already named
 * `kube-api-access-*` is reused; otherwise one is added with a generated name.
 */
export function mountServiceAccountToken(
  pod: Pod,
  serviceAccount: ServiceAccount | undefined,
  random: RandomSource = Math.random,
): void {
  if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
  if (!shouldAutomount(pod, serviceAccount)) return;
  const spec = (pod.spec ??= {});
  const existing = spec.volumes?.find((v) => v.name?.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX));
  const name = existing?.name ?? generateName(SERVICE_ACCOUNT_VOLUME_PREFIX, random);
  const inInit = mountIn(spec.initContainers, name);
  const inContainers = mountIn(spec.containers, name);
  if (!existing && (inInit || inContainers)) (spec.volumes ??= []).push(tokenVolume(name));
}
