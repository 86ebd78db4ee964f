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

/** Namespaces. */
export function namespaceInformer(factory: SharedInformerFactory): InformerFor<'namespaces'> {
  return factory.informerFor('namespaces');
}

/** ServiceAccounts. */
export function serviceAccountInformer(factory: SharedInformerFactory): InformerFor<'serviceaccounts'> {
  return factory.informerFor('serviceaccounts');
}

/** Services. */
export function serviceInformer(factory: SharedInformerFactory): InformerFor<'services'> {
  return factory.informerFor('services');
}

/** Endpoints. */
export function endpointsInformer(factory: SharedInformerFactory): InformerFor<'endpoints'> {
  return factory.informerFor('endpoints');
}

/** EndpointSlices, indexed by their kubernetes.io/service-name label ("namespace/service"). */
export function endpointSliceInformer(factory: SharedInformerFactory): InformerFor<'endpointslices'> {
  return factory.informerFor('endpointslices', {}, { [SERVICE_NAME_INDEX]: serviceNameIndexFunc });
}

/** The index of EndpointSlices by the Service they belong to. */
export const SERVICE_NAME_INDEX = 'byServiceName';

/** Indexes a slice under "namespace/service" of its kubernetes.io/service-name label (none without it). */
export function serviceNameIndexFunc(obj: DeepReadonly<ApiObject>): string[] {
  const service = obj.metadata.labels?.['kubernetes.io/service-name'];
  return service ? [`${obj.metadata.namespace ?? ''}/${service}`] : [];
}

/** The kubelets' heartbeat Leases (namespace kube-node-lease only). */
export function nodeLeaseInformer(factory: SharedInformerFactory): InformerFor<'leases'> {
  return factory.informerFor('leases', { namespace: 'kube-node-lease' });
}

/** ClusterRoles. */
export function clusterRoleInformer(factory: SharedInformerFactory): InformerFor<'clusterroles'> {
  return factory.informerFor('clusterroles');
}

/** ResourceQuotas. */
export function resourceQuotaInformer(factory: SharedInformerFactory): InformerFor<'resourcequotas'> {
  return factory.informerFor('resourcequotas');
}

/** ConfigMaps (counted by the resourcequota controller). */
export function configMapInformer(factory: SharedInformerFactory): InformerFor<'configmaps'> {
  return factory.informerFor('configmaps');
}

/** Secrets (counted by the resourcequota controller). */
export function secretInformer(factory: SharedInformerFactory): InformerFor<'secrets'> {
  return factory.informerFor('secrets');
}

/** PersistentVolumeClaims. */
export function persistentVolumeClaimInformer(factory: SharedInformerFactory): InformerFor<'persistentvolumeclaims'> {
  return factory.informerFor('persistentvolumeclaims');
}

/** PersistentVolumes. */
export function persistentVolumeInformer(factory: SharedInformerFactory): InformerFor<'persistentvolumes'> {
  return factory.informerFor('persistentvolumes');
}

/** StorageClasses. */
export function storageClassInformer(factory: SharedInformerFactory): InformerFor<'storageclasses'> {
  return factory.informerFor('storageclasses');
}

/** HorizontalPodAutoscalers (autoscaling/v2). */
export function horizontalPodAutoscalerInformer(
  factory: SharedInformerFactory,
): InformerFor<'horizontalpodautoscalers'> {
  return factory.informerFor('horizontalpodautoscalers');
}
