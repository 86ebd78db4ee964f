import type {
  APIService,
  Binding,
  ConfigMap,
  ControllerRevision,
  CSIDriver,
  CSINode,
  CronJob,
  DaemonSet,
  Deployment,
  EndpointSlice,
  Endpoints,
  Event,
  Ingress,
  IngressClass,
  Job,
  KubeObject,
  Lease,
  MutatingWebhookConfiguration,
  Namespace,
  NetworkPolicy,
  Node,
  ObjectMeta as ApiObjectMeta,
  Pod,
  PodDisruptionBudget,
  PodTemplate,
  PriorityClass,
  ReplicaSet,
  RuntimeClass,
  ReplicationController,
  Secret,
  Service,
  ServiceAccount,
  StatefulSet,
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingWebhookConfiguration,
  VolumeAttachment,
  PersistentVolume,
  PersistentVolumeClaim,
  StorageClass,
} from '@wheelhouse/api';
import type { HorizontalPodAutoscaler, LimitRange, ResourceQuota } from '@wheelhouse/api';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '@wheelhouse/api';
import type { CustomResourceDefinition } from '@wheelhouse/api';
import type {
  ComponentStatus,
  LocalSubjectAccessReview,
  SelfSubjectAccessReview,
  SelfSubjectReview,
  SelfSubjectRulesReview,
  SubjectAccessReview,
  TokenReview,
} from '@wheelhouse/api';

/**
 * The object type of every resource the API server registers (packages/api's RESOURCES), by
 * plural name. A test checks this map and the registry name the same resources.
 */
export interface ResourceTypes {
  pods: Pod;
  bindings: Binding;
  nodes: Node;
  namespaces: Namespace;
  services: Service;
  endpoints: Endpoints;
  events: Event;
  configmaps: ConfigMap;
  secrets: Secret;
  serviceaccounts: ServiceAccount;
  replicationcontrollers: ReplicationController;
  deployments: Deployment;
  replicasets: ReplicaSet;
  statefulsets: StatefulSet;
  daemonsets: DaemonSet;
  controllerrevisions: ControllerRevision;
  jobs: Job;
  cronjobs: CronJob;
  leases: Lease;
  poddisruptionbudgets: PodDisruptionBudget;
  priorityclasses: PriorityClass;
  runtimeclasses: RuntimeClass;
  endpointslices: EndpointSlice;
  ingressclasses: IngressClass;
  ingresses: Ingress;
  networkpolicies: NetworkPolicy;
  csidrivers: CSIDriver;
  csinodes: CSINode;
  volumeattachments: VolumeAttachment;
  podtemplates: PodTemplate;
  persistentvolumes: PersistentVolume;
  persistentvolumeclaims: PersistentVolumeClaim;
  storageclasses: StorageClass;
  clusterrolebindings: ClusterRoleBinding;
  clusterroles: ClusterRole;
  rolebindings: RoleBinding;
  roles: Role;
  customresourcedefinitions: CustomResourceDefinition;
  apiservices: APIService;
  mutatingwebhookconfigurations: MutatingWebhookConfiguration;
  validatingwebhookconfigurations: ValidatingWebhookConfiguration;
  validatingadmissionpolicies: ValidatingAdmissionPolicy;
  validatingadmissionpolicybindings: ValidatingAdmissionPolicyBinding;
  componentstatuses: ComponentStatus;
  selfsubjectreviews: SelfSubjectReview;
  tokenreviews: TokenReview;
  localsubjectaccessreviews: LocalSubjectAccessReview;
  selfsubjectaccessreviews: SelfSubjectAccessReview;
  selfsubjectrulesreviews: SelfSubjectRulesReview;
  subjectaccessreviews: SubjectAccessReview;
}

/** A plural resource name the typed client knows. */
export type ResourceName = keyof ResourceTypes;

/** The API group of every resource in {@link ResourceTypes} ('' for the core group); a test checks it against the registry. */
export interface ResourceGroups {
  pods: '';
  bindings: '';
  nodes: '';
  namespaces: '';
  services: '';
  endpoints: '';
  events: '';
  configmaps: '';
  secrets: '';
  serviceaccounts: '';
  replicationcontrollers: '';
  deployments: 'apps';
  replicasets: 'apps';
  statefulsets: 'apps';
  daemonsets: 'apps';
  controllerrevisions: 'apps';
  jobs: 'batch';
  cronjobs: 'batch';
  leases: 'coordination.k8s.io';
  poddisruptionbudgets: 'policy';
  priorityclasses: 'scheduling.k8s.io';
  runtimeclasses: 'node.k8s.io';
  endpointslices: 'discovery.k8s.io';
  ingressclasses: 'networking.k8s.io';
  ingresses: 'networking.k8s.io';
  networkpolicies: 'networking.k8s.io';
  csidrivers: 'storage.k8s.io';
  csinodes: 'storage.k8s.io';
  volumeattachments: 'storage.k8s.io';
  podtemplates: '';
  persistentvolumes: '';
  persistentvolumeclaims: '';
  storageclasses: 'storage.k8s.io';
  clusterrolebindings: 'rbac.authorization.k8s.io';
  clusterroles: 'rbac.authorization.k8s.io';
  rolebindings: 'rbac.authorization.k8s.io';
  roles: 'rbac.authorization.k8s.io';
  customresourcedefinitions: 'apiextensions.k8s.io';
  apiservices: 'apiregistration.k8s.io';
  mutatingwebhookconfigurations: 'admissionregistration.k8s.io';
  validatingwebhookconfigurations: 'admissionregistration.k8s.io';
  validatingadmissionpolicies: 'admissionregistration.k8s.io';
  validatingadmissionpolicybindings: 'admissionregistration.k8s.io';
  componentstatuses: '';
  selfsubjectreviews: 'authentication.k8s.io';
  tokenreviews: 'authentication.k8s.io';
  localsubjectaccessreviews: 'authorization.k8s.io';
  selfsubjectaccessreviews: 'authorization.k8s.io';
  selfsubjectrulesreviews: 'authorization.k8s.io';
  subjectaccessreviews: 'authorization.k8s.io';
}

/** A resource name as kubectl takes it: plural (`leases`) or qualified by its group (`leases.coordination.k8s.io`). */
export type QualifiedResourceName = {
  [R in ResourceName]: ResourceGroups[R] extends '' ? R : R | `${R}.${ResourceGroups[R]}`;
}[ResourceName];

/** The plural resource name of a {@link QualifiedResourceName}. */
export type ResourceOf<N extends QualifiedResourceName> = N extends ResourceName
  ? N
  : N extends `${infer R extends ResourceName}.${string}`
    ? R
    : never;

/** The plural resource name of `name` (`leases.coordination.k8s.io` -> `leases`). */
export function resourceOf<N extends QualifiedResourceName>(name: N): ResourceOf<N> {
  const dot = name.indexOf('.');
  // QualifiedResourceName admits only "<plural>" and "<plural>.<its group>".
  return (dot < 0 ? name : name.slice(0, dot)) as ResourceOf<N>;
}

/** Any API object (what untyped clients hand out): packages/api's `KubeObject`, metadata optional. */
export type AnyObject = KubeObject;

/** The metadata the server always sets on an object it returns. */
export type ServedMeta = ApiObjectMeta & { name: string; resourceVersion: string; uid: string };

/** An object as the server returns it: metadata present, with name, uid and resourceVersion. */
export type Served<T> = T & { metadata: ServedMeta };

/** A list as the server returns it. */
export interface ServedList<T> {
  apiVersion: string;
  kind: string;
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Served<T>[];
}

/** Autoscaling and quota resources (merged into the maps above). */
export interface ResourceTypes {
  resourcequotas: ResourceQuota;
  limitranges: LimitRange;
  horizontalpodautoscalers: HorizontalPodAutoscaler;
}

/** Autoscaling and quota resources' groups (merged into the map above). */
export interface ResourceGroups {
  resourcequotas: '';
  limitranges: '';
  horizontalpodautoscalers: 'autoscaling';
}
