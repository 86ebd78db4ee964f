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
export {
  ObjectReferenceSchema,
  TypedLocalObjectReferenceSchema,
  type ObjectReference,
  type TypedLocalObjectReference,
} from './schema/core-v1-reference.js';
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
export { NODE_GROUP, RuntimeClassSchema, type RuntimeClass, type RuntimeClassScheduling } from './schema/node-v1.js';
export {
  EndpointSchema,
  EndpointSlicePortSchema,
  EndpointSliceSchema,
  type Endpoint,
  type EndpointSlice,
  type EndpointSlicePort,
} from './schema/discovery-v1.js';

// Decoding
export { decodeChanged } from './decode-changed.js';
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
export {
  admitPod,
  DEFAULT_TOLERATION_SECONDS,
  type PodAdmission,
  type PodAdmissionContext,
} from './defaults/admission.js';
export {
  mountServiceAccountToken,
  ROOT_CA_CONFIG_MAP,
  SERVICE_ACCOUNT_TOKEN_MOUNT_PATH,
  SERVICE_ACCOUNT_VOLUME_PREFIX,
} from './defaults/service-account-token.js';

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
export { validatePodEphemeralContainersUpdate } from './validation/pod-ephemeral-update.js';
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
  AGE_DESCRIPTION,
  buildTable,
  defaultTablePrinter,
  nameColumn,
  type BuildTableOptions,
  type IncludeObject,
  type RowCondition,
  type TablePrinter,
} from './printing/table.js';
export { summarizePod } from './printing/pod.js';
export { goLabelSelectorString, type LabelSelectorView } from './util/selector.js';

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
export {
  externallyAccessible,
  needsClusterIP,
  needsHealthCheckNodePort,
  needsNodePort,
  shouldAllocateNodePorts,
} from './strategy/service-type.js';
export { sidecarContainers } from './util/sidecars.js';
export {
  DISRUPTION_ALLOWED,
  INSUFFICIENT_PODS,
  SUFFICIENT_PODS,
  SYNC_FAILED,
  disruptionAllowedCondition,
  setStatusCondition,
  syncFailedCondition,
} from './util/pdb-conditions.js';

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

// rbac.authorization.k8s.io/v1 (Role, ClusterRole, RoleBinding, ClusterRoleBinding) and the bootstrap policy
export {
  AggregationRuleSchema,
  ClusterRoleBindingSchema,
  ClusterRoleSchema,
  PolicyRuleSchema,
  RoleBindingSchema,
  RoleRefSchema,
  RoleSchema,
  SubjectSchema,
  type AggregationRule,
  type ClusterRole,
  type ClusterRoleBinding,
  type PolicyRule,
  type Role,
  type RoleBinding,
  type RoleRef,
  type Subject,
} from './schema/rbac-v1.js';
export {
  validateClusterRole,
  validateClusterRoleBinding,
  validateClusterRoleBindingUpdate,
  validateClusterRoleUpdate,
  validatePolicyRule,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
  validateRoleUpdate,
  validateSubject,
} from './validation/rbac.js';
export { defaultRoleBinding } from './defaults/rbac.js';
export { clusterRoleBindingPrinter, roleBindingPrinter, subjectsStrings } from './printing/rbac.js';
export { RBAC_RESOURCES } from './registry/rbac.js';
export {
  AUTOUPDATE_ANNOTATION,
  BOOTSTRAPPING_LABEL,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapRoleBindings,
  bootstrapRoles,
} from './rbac/bootstrap-policy.js';
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
// Storage: StorageClass, PersistentVolume, PersistentVolumeClaim
export {
  PersistentVolumeSchema,
  type PersistentVolume,
  type PersistentVolumeSpec,
  type PersistentVolumeStatus,
} from './schema/core-v1-persistentvolume.js';
export { type PersistentVolumeClaimStatus } from './schema/core-v1-volume.js';
export { type NodeSelector } from './schema/core-v1-scheduling.js';
export { StorageClassSchema, type StorageClass } from './schema/storage-v1.js';
export { accessModesString, DEFAULT_STORAGE_CLASS_ANNOTATION, isDefaultStorageClass } from './printing/storage.js';
export { STORAGE_RESOURCES } from './registry/storage.js';
// Autoscaling (HorizontalPodAutoscaler v1 and v2) and quotas (ResourceQuota, LimitRange)
export {
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
  DEFAULT_CPU_UTILIZATION,
  dropRoundTripAnnotations,
  hpaV1ToV2,
  hpaV2ToV1,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
} from './conversion/autoscaling.js';
export { defaultHorizontalPodAutoscaler, defaultHorizontalPodAutoscalerV1 } from './defaults/autoscaling.js';
export { formatHPAMetrics, horizontalPodAutoscalerPrinter } from './printing/autoscaling.js';
export { AUTOSCALING_RESOURCES, HPA_V1_RESOURCE } from './registry/autoscaling.js';
export {
  HorizontalPodAutoscalerV1Schema,
  type HorizontalPodAutoscalerV1,
  type V1Condition,
  type V1MetricSpec,
  type V1MetricStatus,
} from './schema/autoscaling-v1-hpa.js';
export {
  HorizontalPodAutoscalerSchema,
  type HorizontalPodAutoscaler,
  type HorizontalPodAutoscalerBehavior,
  type HPAScalingRules,
  type MetricSpec,
  type MetricStatus,
} from './schema/autoscaling-v2.js';
export { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerUpdate } from './validation/autoscaling.js';
export { defaultLimitRange } from './defaults/quota.js';
export { limitRangePrinter, resourceQuotaPrinter } from './printing/quota.js';
export { QUOTA_RESOURCES } from './registry/quota.js';
export {
  LimitRangeSchema,
  ResourceQuotaSchema,
  type LimitRange,
  type LimitRangeItem,
  type ResourceQuota,
} from './schema/core-v1-quota.js';
export {
  isStandardQuotaResourceName,
  validateLimitRange,
  validateLimitRangeUpdate,
  validateResourceQuota,
  validateResourceQuotaUpdate,
} from './validation/quota.js';

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
export { applySchemaDefaultsInPlace } from './crd/defaulting.js';
export { pruneUnknownFields, unknownFieldPaths, unknownFieldWarning, type PruneResult } from './crd/pruning.js';
export { validateSchemaDefaults } from './crd/default-validation.js';
export { compileRule, type CompiledRule } from './crd/cel/compile.js';
export { hasRules, validateRules, type RuleOptions } from './crd/cel/evaluate.js';
export { UNIMPLEMENTED_KUBERNETES_FUNCTIONS } from './crd/cel/environment.js';
export { decodeCustomResource, type CustomResourceDecodeResult } from './crd/decode-custom-resource.js';
export {
  addUsage,
  evaluatorChargesUpdates,
  evaluatorCovers,
  exceededResources,
  maskUsage,
  nonZeroUsage,
  objectUsage,
  podConstraintProblem,
  podContainerResources,
  prettyPrintUsage,
  quotaMatchesObject,
  subtractUsageFloored,
  usageOf,
  usageToList,
  type Usage,
} from './quota/usage.js';
export {
  claimClass,
  findMatchingVolume,
  isVolumeBoundToClaim,
  volumeClass,
  volumeFitsClaim,
  volumeNodeAffinityMatches,
  type MatchOptions,
} from './storage/volume-match.js';
export { podClaimNames, podClaimVolumes, type PodClaimVolume } from './storage/pod-claims.js';
export {
  BETA_STORAGE_PROVISIONER_ANNOTATION,
  BETA_STORAGE_CLASS_ANNOTATION,
  BIND_COMPLETED_ANNOTATION,
  BOUND_BY_CONTROLLER_ANNOTATION,
  PROVISIONED_BY_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  SIMULATED_PROVISIONER,
  STORAGE_PROVISIONER_ANNOTATION,
} from './storage/annotations.js';
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
  type MatchResources,
  type NamedRuleWithOperations,
  type ParamKind,
  type ParamRef,
  type ValidatingAdmissionPolicy,
  type ValidatingAdmissionPolicyBinding,
} from './schema/admissionregistration-v1.js';
export { ADMISSIONREGISTRATION_RESOURCES } from './registry/admissionregistration.js';
export { compilePolicy, type CompiledPolicy } from './admissionpolicy/compile.js';
export {
  evaluatePolicy,
  type PolicyDecision,
  type PolicyInput,
  type PolicyOutcome,
} from './admissionpolicy/evaluate.js';
export {
  APIServiceConditionSchema,
  APIServiceSchema,
  type APIService,
  type APIServiceCondition,
} from './schema/apiregistration-v1.js';
export { APIREGISTRATION_RESOURCES } from './registry/apiregistration.js';

// OpenAPI v2 (Swagger 2.0)
export { buildSwaggerDocument, type SwaggerDocument } from './openapi/document-v2.js';
export { reconcileBootstrapRbac, type ReconciledRbacObject } from './rbac/reconcile.js';

// authentication.k8s.io/v1 TokenRequest (serviceaccounts/token)
export {
  TokenRequestSchema,
  type SelfSubjectReview,
  type TokenRequest,
  type TokenReview,
  type UserInfo,
} from './schema/authentication-v1.js';
export type {
  LocalSubjectAccessReview,
  SelfSubjectAccessReview,
  SelfSubjectRulesReview,
  SubjectAccessReview,
} from './schema/authorization-v1.js';
export type { ComponentStatus } from './schema/core-v1-componentstatus.js';
export { validateTokenRequest } from './validation/token-request.js';
