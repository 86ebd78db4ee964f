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
  buildOpenAPIDocument,
  documentHash,
  openAPIIndex,
  openAPIPathKey,
  OPENAPI_KUBERNETES_VERSION,
  type OpenAPIDocument,
} from './openapi/document.js';
export { type JsonSchema } from './openapi/components.js';

// Protobuf request bodies
export { decodeProtobufObject, protobufMessageFor } from './protobuf/decode.js';

// apiextensions.k8s.io/v1: CustomResourceDefinition
export {
  CustomResourceDefinitionSchema,
  JSONSchemaPropsSchema,
  ValidationRuleSchema,
  type CustomResourceColumnDefinition,
  type CustomResourceDefinition,
  type CustomResourceDefinitionCondition,
  type CustomResourceDefinitionNames,
  type CustomResourceDefinitionSpec,
  type CustomResourceDefinitionVersion,
  type CustomResourceSubresourceScale,
  type JSONSchemaProps,
  type ValidationRule,
} from './schema/apiextensions-v1.js';
export { defaultCustomResourceDefinition } from './defaults/apiextensions.js';
export { customResourceDefinitionPrinter } from './printing/apiextensions.js';
export {
  validateCRDNames,
  validateCustomResourceDefinition,
  validateCustomResourceDefinitionStatusUpdate,
  validateCustomResourceDefinitionUpdate,
} from './validation/apiextensions.js';
export { validateCRDVersionSchema } from './validation/apiextensions-schema.js';
export { APIEXTENSIONS_RESOURCES } from './registry/apiextensions.js';

// Custom resources: schema validation, defaulting, pruning and CEL rules of a CRD version
export {
  customResourceVersionOf,
  validateCustomResource,
  validateCustomResourceStatusUpdate,
  validateCustomResourceUpdate,
  type CustomResourceVersion,
} from './crd/custom-resource.js';
export { isTypeInvalidError, validateAgainstSchema } from './crd/schema-validation.js';
export { validateListSetsAndMaps } from './crd/list-types.js';
export { validateEmbeddedResources } from './crd/embedded-resources.js';
export { applySchemaDefaults } from './crd/defaulting.js';
export { pruneUnknownFields, unknownFieldWarning, type PruneResult } from './crd/pruning.js';
export { validateSchemaDefaults } from './crd/default-validation.js';
export { compileRule, type CompiledRule } from './crd/cel/compile.js';
export { hasRules, validateRules, type RuleOptions } from './crd/cel/evaluate.js';
export { UNIMPLEMENTED_KUBERNETES_FUNCTIONS } from './crd/cel/environment.js';
