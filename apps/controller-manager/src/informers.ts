/**
 * The shared informers the controllers read through, each asked for with every index any
 * controller of this process uses (a shared informer gets its indexes on first request, so all
 * requests go through here).
 */
import type { ApiObject } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type InformerFor,
  NODE_NAME_INDEX,
  OWNER_UID_INDEX,
  type SharedInformerFactory,
  controllerOf,
  nodeNameIndexFunc,
  ownerUidIndexFunc,
} from '@wheelhouse/client';

/** Objects without a controlling owner, by namespace: the candidates for adoption. */
export const ORPHAN_INDEX = 'orphansByNamespace';

/** Indexes an object under its namespace when no owner reference has `controller: true`. */
export function orphanIndexFunc(obj: DeepReadonly<ApiObject>): string[] {
  return controllerOf(obj) ? [] : [obj.metadata.namespace ?? ''];
}

const owned = { [OWNER_UID_INDEX]: ownerUidIndexFunc, [ORPHAN_INDEX]: orphanIndexFunc };

/** Pods, indexed by owner uid, by node name, and (orphans) by namespace. */
export function podInformer(factory: SharedInformerFactory): InformerFor<'pods'> {
  return factory.informerFor('pods', {}, { ...owned, [NODE_NAME_INDEX]: nodeNameIndexFunc });
}

/** ReplicaSets, indexed by owner uid and (orphans) by namespace. */
export function replicaSetInformer(factory: SharedInformerFactory): InformerFor<'replicasets'> {
  return factory.informerFor('replicasets', {}, owned);
}

/** ReplicationControllers, indexed by owner uid and (orphans) by namespace, as ReplicaSets are. */
export function replicationControllerInformer(factory: SharedInformerFactory): InformerFor<'replicationcontrollers'> {
  return factory.informerFor('replicationcontrollers', {}, owned);
}

/** Deployments. */
export function deploymentInformer(factory: SharedInformerFactory): InformerFor<'deployments'> {
  return factory.informerFor('deployments');
}

/** DaemonSets. */
export function daemonSetInformer(factory: SharedInformerFactory): InformerFor<'daemonsets'> {
  return factory.informerFor('daemonsets');
}

/** StatefulSets. */
export function statefulSetInformer(factory: SharedInformerFactory): InformerFor<'statefulsets'> {
  return factory.informerFor('statefulsets');
}

/** ControllerRevisions, indexed by owner uid and (orphans) by namespace. */
export function controllerRevisionInformer(factory: SharedInformerFactory): InformerFor<'controllerrevisions'> {
  return factory.informerFor('controllerrevisions', {}, owned);
}

/** Jobs, indexed by owner uid and (orphans) by namespace. */
export function jobInformer(factory: SharedInformerFactory): InformerFor<'jobs'> {
  return factory.informerFor('jobs', {}, owned);
}

/** CronJobs. */
export function cronJobInformer(factory: SharedInformerFactory): InformerFor<'cronjobs'> {
  return factory.informerFor('cronjobs');
}

/** Nodes. */
export function nodeInformer(factory: SharedInformerFactory): InformerFor<'nodes'> {
  return factory.informerFor('nodes');
}

/** PodDisruptionBudgets. */
export function podDisruptionBudgetInformer(factory: SharedInformerFactory): InformerFor<'poddisruptionbudgets'> {
  return factory.informerFor('poddisruptionbudgets');
}
