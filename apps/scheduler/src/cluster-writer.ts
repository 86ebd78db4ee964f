/** The scheduler's writes through the API server: bindings, pod status patches, pod deletions. */
import { SELECTED_NODE_ANNOTATION, type Pod } from '@wheelhouse/api';
import type { RestClient } from '@wheelhouse/client';
import type { ClusterWriter, PodStatusPatch } from './framework/handle.js';

/**
 * The strategic merge patch of a pod's status: conditions merge by type; an empty
 * nominatedNodeName removes the field.
 */
export function statusPatchBody(patch: PodStatusPatch): { status: Record<string, unknown> } {
  const status: Record<string, unknown> = {};
  if (patch.conditions) status.conditions = patch.conditions;
  if (patch.nominatedNodeName !== undefined) status.nominatedNodeName = patch.nominatedNodeName || null;
  return { status };
}

/** A ClusterWriter over the REST client; every method rejects with the API's typed error. */
export function restWriter(client: RestClient): ClusterWriter {
  const pods = client.resource('pods');
  const ns = (pod: Pod) => pod.metadata?.namespace ?? 'default';
  return {
    async bind(pod, nodeName) {
      const meta = pod.metadata ?? {};
      await pods.bind(
        {
          metadata: { name: meta.name, namespace: meta.namespace, uid: meta.uid },
          target: { kind: 'Node', name: nodeName },
        },
        { namespace: ns(pod) },
      );
    },
    async patchPodStatus(pod, patch) {
      await pods.patch(pod.metadata?.name ?? '', statusPatchBody(patch), {
        type: 'strategic',
        subresource: 'status',
        namespace: ns(pod),
      });
    },
    async deletePod(pod) {
      await pods.delete(pod.metadata?.name ?? '', { namespace: ns(pod) });
    },
    async selectNodeForClaim(claim, nodeName) {
      const patch = { metadata: { annotations: { [SELECTED_NODE_ANNOTATION]: nodeName } } };
      await client
        .resource('persistentvolumeclaims')
        .patch(claim.metadata?.name ?? '', patch, { type: 'merge', namespace: claim.metadata?.namespace ?? '' });
    },
    async prebindVolume(volume, claim) {
      const m = claim.metadata ?? {};
      const claimRef = { kind: 'PersistentVolumeClaim', apiVersion: 'v1', namespace: m.namespace, name: m.name };
      await client
        .resource('persistentvolumes')
        .patch(volume.metadata?.name ?? '', { spec: { claimRef } }, { type: 'merge' });
    },
  };
}
