/**
 * Descriptors of k8s.io/apimachinery's protobuf messages: runtime.Unknown (the envelope),
 * meta/v1 (ObjectMeta, LabelSelector, DeleteOptions, ...), and the special types whose
 * JSON form differs from their message (Time, MicroTime, Quantity, IntOrString,
 * RawExtension, FieldsV1). Field numbers and Go JSON tags are from apimachinery's
 * pkg/runtime, pkg/apis/meta/v1, pkg/api/resource and pkg/util/intstr (types.go struct
 * tags and generated.proto). Syntax: see descriptor.ts.
 */
import type { DescriptorTable } from './descriptor.js';

/** The apimachinery messages every Kubernetes object uses. */
export const APIMACHINERY_DESCRIPTORS: DescriptorTable = {
  // pkg/runtime
  TypeMeta: 'apiVersion=1 kind=2',
  Unknown: 'typeMeta=1:TypeMeta raw=2:bytes contentEncoding=3 contentType=4',
  RawExtension: 'raw=1:bytes',
  // pkg/apis/meta/v1: Time and MicroTime share google.protobuf.Timestamp's layout
  Time: 'seconds=1:i64 nanos=2:i32',
  MicroTime: 'seconds=1:i64 nanos=2:i32',
  FieldsV1: 'Raw=1:bytes',
  // pkg/api/resource and pkg/util/intstr
  Quantity: 'string=1',
  IntOrString: 'type=1:i64 intVal=2:i32 strVal=3',
  // pkg/apis/meta/v1
  ObjectMeta:
    'name=1 generateName=2 namespace=3 selfLink=4 uid=5 resourceVersion=6 generation=7:i64 creationTimestamp=8:Time ' +
    'deletionTimestamp=9:*Time deletionGracePeriodSeconds=10:*i64 labels=11:{}s annotations=12:{}s ' +
    'ownerReferences=13:[]OwnerReference finalizers=14:[]s managedFields=17:[]ManagedFieldsEntry',
  OwnerReference: 'apiVersion=5! kind=1! name=3! uid=4! controller=6:*bool blockOwnerDeletion=7:*bool',
  LabelSelector: 'matchLabels=1:{}s matchExpressions=2:[]LabelSelectorRequirement',
  LabelSelectorRequirement: 'key=1! operator=2! values=3:[]s',
  ManagedFieldsEntry: 'manager=1 operation=2 apiVersion=3 time=4:*Time fieldsType=6 fieldsV1=7:*FieldsV1 subresource=8',
  DeleteOptions:
    'gracePeriodSeconds=1:*i64 preconditions=2:*Preconditions orphanDependents=3:*bool propagationPolicy=4:*s ' +
    'dryRun=5:[]s ignoreStoreReadErrorWithClusterBreakingPotential=6:*bool',
  Preconditions: 'uid=1:*s resourceVersion=2:*s',
  Condition: 'type=1! status=2! observedGeneration=3:i64 lastTransitionTime=4:Time! reason=5! message=6!',
};
