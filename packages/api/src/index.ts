/**
 * @wheelhouse/api: the Kubernetes object model (types and strict zod schemas), per-kind
 * defaulting, validation, update strategies, server-side table printing, OpenAPI v3
 * documents, and the resource registry that describes every served resource as data.
 */

// Schemas and types: meta/v1
export {
  ConditionSchema,
  DeleteOptionsSchema,
  LabelSelectorSchema,
  ListMetaSchema,
  ManagedFieldsEntrySchema,
  ObjectMetaSchema,
  OwnerReferenceSchema,
  PartialObjectMetadataSchema,
  StatusSchema,
  TableSchema,
  type Condition,
  type DeleteOptions,
  type LabelSelector,
  type LabelSelectorRequirement,
  type ListMeta,
  type ManagedFieldsEntry,
  type ObjectMeta,
  type OwnerReference,
  type PartialObjectMetadata,
  type Status,
  type StatusCause,
  type StatusDetails,
  type Table,
  type TableColumnDefinition,
  type TableRow,
} from './schema/meta-v1.js';
export {
  apiSchemas,
  type GroupVersionKind,
  type IntOrString,
  type Quantity,
  type ResourceList,
} from './schema/primitives.js';

// Schemas and types: core/v1
export {
  ContainerSchema,
  type Container,
  type ContainerPort,
  type EnvVar,
  type EphemeralContainer,
  type Probe,
  type ResourceRequirements,
  type VolumeMount,
} from './schema/core-v1-container.js';
export { type PersistentVolumeClaim, type Volume } from './schema/core-v1-volume.js';
export {
  type Affinity,
  type PodAffinityTerm,
  type NodeSelectorTerm,
  type Toleration,
  type TopologySpreadConstraint,
} from './schema/core-v1-scheduling.js';

// Scheduling predicates shared by the scheduler, the DaemonSet controller and the kubelet
export { NodeSelectorMatcher, PreferredSchedulingTerms, RequiredNodeAffinity } from './scheduling/node-selector.js';
export { doNotScheduleTaint, findUntoleratedTaint, tolerationsTolerateTaint } from './scheduling/tolerations.js';
export {
  BindingSchema,
  PodSchema,
  PodSpecSchema,
  PodTemplateSpecSchema,
  type Binding,
  type ContainerState,
  type ContainerStatus,
  type Pod,
  type PodCondition,
  type PodSpec,
  type PodStatus,
  type PodTemplateSpec,
} from './schema/core-v1-pod.js';
export { ObjectReferenceSchema, type ObjectReference } from './schema/core-v1-reference.js';
export {
  NodeSchema,
  type Node,
  type NodeAddress,
  type NodeCondition,
  type NodeStatus,
  type Taint,
} from './schema/core-v1-node.js';
export {
  EndpointsSchema,
  ServiceSchema,
  type EndpointSubset,
  type Endpoints,
  type Service,
  type ServicePort,
  type ServiceSpec,
} from './schema/core-v1-service.js';
export {
  ConfigMapSchema,
  EventSchema,
  NamespaceSchema,
  SecretSchema,
  ServiceAccountSchema,
  type ConfigMap,
  type Event,
  type Namespace,
  type Secret,
  type ServiceAccount,
} from './schema/core-v1-config.js';
export { ReplicationControllerSchema, type ReplicationController } from './schema/core-v1-replication.js';

// Schemas and types: other groups
export {
  ControllerRevisionSchema,
  DaemonSetSchema,
  DeploymentSchema,
  ReplicaSetSchema,
  StatefulSetSchema,
  type ControllerRevision,
  type DaemonSet,
  type Deployment,
  type DeploymentStatus,
  type ReplicaSet,
  type StatefulSet,
} from './schema/apps-v1.js';
export { ScaleSchema, type Scale } from './schema/autoscaling-v1.js';
export { JobSchema, type Job } from './schema/batch-v1.js';
export { CronJobSchema, type CronJob, type JobTemplateSpec } from './schema/batch-v1-cronjob.js';
export { LeaseSchema, type Lease, type LeaseSpec } from './schema/coordination-v1.js';
export {
  EvictionSchema,
  PodDisruptionBudgetSchema,
  type Eviction,
  type PodDisruptionBudget,
} from './schema/policy-v1.js';
export { PriorityClassSchema, type PriorityClass } from './schema/scheduling-v1.js';
export {
  EndpointSchema,
  EndpointSlicePortSchema,
  EndpointSliceSchema,
  type Endpoint,
  type EndpointSlice,
  type EndpointSlicePort,
} from './schema/discovery-v1.js';

// Decoding
export {
  decodeObject,
  dropNulls,
  formatFieldPath,
  strictDecodingMessage,
  unknownFields,
  type DecodeIssue,
  type DecodeOptions,
  type DecodeResult,
  type FieldValidationMode,
} from './decode.js';

// Defaulting and admission
export {
  defaultDaemonSet,
  defaultDeployment,
  defaultEndpoints,
  defaultJob,
  defaultNamespace,
  defaultNode,
  defaultPod,
  defaultPriorityClass,
  defaultReplicaSet,
  defaultReplicationController,
  defaultSecret,
  defaultService,
  defaultStatefulSet,
} from './defaults/kinds.js';
export { defaultCronJob } from './defaults/cronjob.js';
export { defaultPullPolicy, imageTag } from './defaults/pod.js';
export { admitPod, DEFAULT_TOLERATION_SECONDS, type PodAdmission } from './defaults/admission.js';

// Validation
export {
  duplicate,
  forbidden,
  formatBadValue,
  formatFieldError,
  invalid,
  invalidStatusMessage,
  notFound,
  notSupported,
  required,
  tooLong,
  type BadValue,
  type FieldError,
  type FieldErrorType,
  type GoLiteral,
} from './validation/field-errors.js';
export { validateObjectMeta, validateObjectMetaUpdate, type NameValidator } from './validation/meta.js';
export { validatePod, validatePodSpec } from './validation/pod.js';
export { validatePodUpdate, UPDATABLE_POD_SPEC_FIELDS } from './validation/pod-update.js';
export {
  HIGHEST_USER_DEFINABLE_PRIORITY,
  SYSTEM_PRIORITY_CLASSES,
  validateEviction,
  validateScale,
} from './validation/cluster.js';
export { validateBinding } from './validation/core-other.js';

// Printing
export { humanDuration, timestampSince } from './printing/duration.js';
export {
  buildTable,
  defaultTablePrinter,
  type BuildTableOptions,
  type IncludeObject,
  type RowCondition,
  type TablePrinter,
} from './printing/table.js';
export { summarizePod } from './printing/pod.js';

// Strategies
export {
  makeStrategy,
  type ApiObject,
  type GenerationPolicy,
  type KubeObject,
  type StrategyConfig,
  type UpdateStrategy,
} from './strategy/strategy.js';
export { podQOSClass } from './strategy/qos.js';

// Registry
export {
  apiVersionOf,
  findByApiVersionKind,
  findByKind,
  findByName,
  findByShortName,
  findResource,
  groupVersions,
  parseApiVersion,
  qualifiedKind,
  qualifiedResource,
  RESOURCES,
  resourcesIn,
  resourcesInCategory,
  type GroupVersion,
} from './registry/registry.js';
export {
  type AnyResourceDefinition,
  type ResourceDefinition,
  type ResourceScope,
  type ScaleAccessor,
  type StoredVersion,
  type SubresourceDefinition,
  type Verb,
} from './registry/types.js';

// OpenAPI
export {
  openAPIDocument,
  openAPIIndex,
  openAPIPathKey,
  OPENAPI_KUBERNETES_VERSION,
  type OpenAPIDocument,
} from './openapi/document.js';

// Protobuf request bodies
export { decodeProtobufObject, protobufMessageFor } from './protobuf/decode.js';

// networking.k8s.io/v1, storage.k8s.io/v1 CSI kinds, PodTemplate, admissionregistration.k8s.io/v1, apiregistration.k8s.io/v1
export {
  HTTPIngressPathSchema,
  IngressBackendSchema,
  IngressClassParametersReferenceSchema,
  IngressClassSchema,
  IngressRuleSchema,
  IngressSchema,
  NetworkPolicyPeerSchema,
  NetworkPolicyPortSchema,
  NetworkPolicySchema,
  TypedLocalObjectReferenceSchema,
  type HTTPIngressPath,
  type Ingress,
  type IngressBackend,
  type IngressClass,
  type IngressRule,
  type NetworkPolicy,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
} from './schema/networking-v1.js';
export { NETWORKING_RESOURCES } from './registry/networking.js';
export { PodTemplateSchema, type PodTemplate } from './schema/core-v1-podtemplate.js';
export { PODTEMPLATE_RESOURCES } from './registry/podtemplate.js';
export {
  CSIDriverSchema,
  CSINodeDriverSchema,
  CSINodeSchema,
  VolumeAttachmentSchema,
  type CSIDriver,
  type CSINode,
  type CSINodeDriver,
  type VolumeAttachment,
} from './schema/storage-v1-csi.js';
export { STORAGE_CSI_RESOURCES } from './registry/storage-csi.js';
export {
  MutatingWebhookConfigurationSchema,
  MutatingWebhookSchema,
  RuleWithOperationsSchema,
  ValidatingWebhookConfigurationSchema,
  ValidatingWebhookSchema,
  WebhookClientConfigSchema,
  type MutatingWebhook,
  type MutatingWebhookConfiguration,
  type RuleWithOperations,
  type ValidatingWebhook,
  type ValidatingWebhookConfiguration,
  type WebhookClientConfig,
} from './schema/admissionregistration-v1.js';
export { ADMISSIONREGISTRATION_RESOURCES } from './registry/admissionregistration.js';
export {
  APIServiceConditionSchema,
  APIServiceSchema,
  type APIService,
  type APIServiceCondition,
} from './schema/apiregistration-v1.js';
export { APIREGISTRATION_RESOURCES } from './registry/apiregistration.js';
