/**
 * Provisioning for a claim of a class with a provisioner (kube's provisionClaim): the claim is
 * annotated with the provisioner (volume.kubernetes.io/storage-provisioner); for Wheelhouse's
 * simulated provisioner the binder creates the volume itself, `pvc-<claim uid>`, prebound to
 * the claim, with the class's reclaim policy and mount options, and, when the scheduler chose a
 * node (WaitForFirstConsumer), node affinity to that node's hostname; other provisioners are
 * left to run outside, as kube leaves CSI provisioners.
 */
import {
  BETA_STORAGE_PROVISIONER_ANNOTATION,
  BOUND_BY_CONTROLLER_ANNOTATION,
  PROVISIONED_BY_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  SIMULATED_PROVISIONER,
  STORAGE_PROVISIONER_ANNOTATION,
  type PersistentVolume,
  type PersistentVolumeClaim,
  type StorageClass,
} from '@wheelhouse/api';
import { type DeepReadonly, isAlreadyExists, mutableCopy } from '@wheelhouse/client';
import { type BinderDeps, type CachedClaim, claimEvent } from './deps.js';

/** Where the simulated volumes "live" on their node (hostPath, as kind's local-path provisioner). */
const VOLUME_ROOT = '/var/lib/wheelhouse/volumes';

type Class = DeepReadonly<StorageClass>;

async function annotateProvisioner(deps: BinderDeps, claim: CachedClaim, provisioner: string): Promise<CachedClaim> {
  const a = claim.metadata.annotations ?? {};
  if (a[STORAGE_PROVISIONER_ANNOTATION] === provisioner && a[BETA_STORAGE_PROVISIONER_ANNOTATION] === provisioner)
    return claim;
  const next = mutableCopy(claim) as PersistentVolumeClaim;
  const annotations = (next.metadata!.annotations ??= {});
  annotations[STORAGE_PROVISIONER_ANNOTATION] = provisioner;
  annotations[BETA_STORAGE_PROVISIONER_ANNOTATION] = provisioner;
  return (await deps.client.resource('persistentvolumeclaims').update(next)) as CachedClaim;
}

function nodeAffinity(deps: BinderDeps, nodeName: string | undefined): PersistentVolume['spec'] {
  if (nodeName === undefined) return {};
  const hostname = deps.nodes.get(nodeName)?.metadata.labels?.['kubernetes.io/hostname'] ?? nodeName;
  const term = { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [hostname] }] };
  return { nodeAffinity: { required: { nodeSelectorTerms: [term] } } };
}

/** The volume the simulated provisioner makes for the claim. */
export function simulatedVolume(deps: BinderDeps, claim: CachedClaim, sc: Class): PersistentVolume {
  const name = `pvc-${claim.metadata.uid}`;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name,
      annotations: { [PROVISIONED_BY_ANNOTATION]: SIMULATED_PROVISIONER, [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' },
    },
    spec: {
      capacity: { storage: String(claim.spec?.resources?.requests?.storage ?? '0') },
      accessModes: [...(claim.spec?.accessModes ?? [])],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata?.name ?? '',
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      ...(sc.mountOptions ? { mountOptions: [...sc.mountOptions] } : {}),
      claimRef: {
        kind: 'PersistentVolumeClaim',
        apiVersion: 'v1',
        namespace: claim.metadata.namespace,
        name: claim.metadata.name,
        uid: claim.metadata.uid,
        resourceVersion: claim.metadata.resourceVersion,
      },
      hostPath: { path: `${VOLUME_ROOT}/${name}`, type: 'DirectoryOrCreate' },
      ...nodeAffinity(deps, claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION]),
    },
  };
}

/** Provisions for the claim (see the module comment); throws on a write error. */
export async function provision(deps: BinderDeps, claim: CachedClaim, sc: Class): Promise<void> {
  const provisioner = sc.provisioner ?? '';
  const annotated = await annotateProvisioner(deps, claim, provisioner);
  if (provisioner !== SIMULATED_PROVISIONER) {
    claimEvent(
      deps,
      annotated,
      'Normal',
      'ExternalProvisioning',
      `Waiting for a volume to be created either by the external provisioner '${provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`,
    );
    return;
  }
  const pv = simulatedVolume(deps, annotated, sc);
  try {
    await deps.client.resource('persistentvolumes').create(pv);
  } catch (err) {
    if (!isAlreadyExists(err)) {
      claimEvent(deps, annotated, 'Warning', 'ProvisioningFailed', `failed to provision volume: ${String(err)}`);
      throw err;
    }
    return;
  }
  claimEvent(
    deps,
    annotated,
    'Normal',
    'ProvisioningSucceeded',
    `Successfully provisioned volume ${pv.metadata!.name!} using ${SIMULATED_PROVISIONER}`,
  );
}
