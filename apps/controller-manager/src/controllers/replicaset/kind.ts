/**
 * What the replica controller needs of the kind it manages, so one implementation serves
 * ReplicaSets and (through another adapter) ReplicationControllers, as kube's does.
 */
import type { PodTemplateSpec, ReplicaSet } from '@wheelhouse/api';
import { type DeepReadonly, type Informer, type ResourceClient, type Served, patchIfChanged } from '@wheelhouse/client';
import { type ParsedLabelSelector, labelSelectorFromStructured } from '@wheelhouse/machinery';
import type { ControllerContext } from '../../context.js';
import { replicaSetInformer } from '../../informers.js';

/** The status both kinds share (ReplicaSetStatus and ReplicationControllerStatus have the same fields). */
export type ReplicaStatus = NonNullable<ReplicaSet['status']>;

/** The fields of an owner the controller reads, whatever its kind. */
export interface ReplicaOwnerView {
  replicas: number;
  minReadySeconds: number;
  /** Throws for an invalid selector. */
  selector(): ParsedLabelSelector;
  template: DeepReadonly<PodTemplateSpec> | undefined;
  status: DeepReadonly<ReplicaStatus>;
}

/** One managed kind: its identity, its informer and client, and how to read and write it. */
export interface ReplicaOwnerKind<T> {
  /** kube-controller-manager's controller name, e.g. "replicaset". */
  name: string;
  /** The work queue's name in metrics, as kube names it ("replicaset", "replicationmanager"). */
  queueName: string;
  apiVersion: string;
  kind: string;
  /** Events' source component, e.g. "replicaset-controller". */
  component: string;
  informer: Informer<Served<T>>;
  client: ResourceClient<T>;
  view(obj: DeepReadonly<Served<T>>): ReplicaOwnerView;
  /** Writes `status` to the object's status subresource unless nothing changed. */
  writeStatus(obj: DeepReadonly<Served<T>>, status: ReplicaStatus): Promise<void>;
}

/** The apps/v1 ReplicaSet adapter. */
export function replicaSetKind(ctx: ControllerContext): ReplicaOwnerKind<ReplicaSet> {
  const client = ctx.client.resource('replicasets');
  return {
    name: 'replicaset',
    queueName: 'replicaset',
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    component: 'replicaset-controller',
    informer: replicaSetInformer(ctx.informers),
    client,
    view: (rs) => ({
      replicas: rs.spec?.replicas ?? 1,
      minReadySeconds: rs.spec?.minReadySeconds ?? 0,
      selector: () => labelSelectorFromStructured(rs.spec?.selector),
      template: rs.spec?.template,
      status: rs.status ?? {},
    }),
    writeStatus: async (rs, status) => {
      await patchIfChanged(client, rs, { ...rs, status }, { subresource: 'status' });
    },
  };
}
