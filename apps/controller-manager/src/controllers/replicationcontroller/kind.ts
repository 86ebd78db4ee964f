/**
 * The core/v1 ReplicationController adapter of the replica controller: the same sync as
 * ReplicaSets (kube runs one implementation behind both), reading the RC's label-map
 * selector and writing its status; events come from "replication-controller".
 */
import type { ReplicationController } from '@wheelhouse/api';
import { patchIfChanged } from '@wheelhouse/client';
import { type ParsedLabelSelector, labelSelectorFromSet, nothingLabelSelector } from '@wheelhouse/machinery';
import type { ControllerContext } from '../../context.js';
import { replicationControllerInformer } from '../../informers.js';
import type { ReplicaOwnerKind } from '../replicaset/kind.js';

function setSelector(set: Readonly<Record<string, string>> | undefined): ParsedLabelSelector {
  return Object.keys(set ?? {}).length > 0 ? labelSelectorFromSet(set) : nothingLabelSelector();
}

/**
 * The ReplicationController kind for the replica controller. Its selector is a label map;
 * an empty one selects nothing here, never every pod of the namespace (validation refuses
 * it, so only an object stored before that check could carry one).
 */
export function replicationControllerKind(ctx: ControllerContext): ReplicaOwnerKind<ReplicationController> {
  const client = ctx.client.resource('replicationcontrollers');
  return {
    name: 'replicationcontroller',
    queueName: 'replicationmanager',
    apiVersion: 'v1',
    kind: 'ReplicationController',
    component: 'replication-controller',
    informer: replicationControllerInformer(ctx.informers),
    client,
    view: (rc) => ({
      replicas: rc.spec?.replicas ?? 1,
      minReadySeconds: rc.spec?.minReadySeconds ?? 0,
      selector: () => setSelector(rc.spec?.selector),
      template: rc.spec?.template,
      status: rc.status ?? {},
    }),
    writeStatus: async (rc, status) => {
      await patchIfChanged(client, rc, { ...rc, status }, { subresource: 'status' });
    },
  };
}
