/**
 * core/v1 volume messages: field numbers and types as in k8s.io/api core/v1 (the
 * `protobuf:"..."` and `json:"..."` struct tags of types.go, mirrored in generated.proto), Go
 * field order. Syntax: see @wheelhouse/machinery's protobuf/descriptor.ts. Legacy in-tree
 * volume sources (gcePersistentDisk, rbd, ...) are left out: their fields are dropped.
 */
import type { DescriptorTable } from '@wheelhouse/machinery';

/** Message descriptors (see the module comment). */
export const CORE_VOLUME_DESCRIPTORS: DescriptorTable = {
  Volume: 'name=1! -=2:VolumeSource',
  VolumeSource:
    'hostPath=1:*HostPathVolumeSource emptyDir=2:*EmptyDirVolumeSource secret=6:*SecretVolumeSource ' +
    'nfs=7:*NFSVolumeSource persistentVolumeClaim=10:*PersistentVolumeClaimVolumeSource ' +
    'downwardAPI=16:*DownwardAPIVolumeSource configMap=19:*ConfigMapVolumeSource ' +
    'projected=26:*ProjectedVolumeSource csi=28:*CSIVolumeSource ephemeral=29:*EphemeralVolumeSource ' +
    'image=30:*ImageVolumeSource',
  PersistentVolumeClaimVolumeSource: 'claimName=1! readOnly=2:bool',
  PersistentVolumeClaimSpec:
    'accessModes=1:[]s selector=4:*LabelSelector resources=2:VolumeResourceRequirements volumeName=3 ' +
    'storageClassName=5:*s volumeMode=6:*s dataSource=7:*TypedLocalObjectReference ' +
    'dataSourceRef=8:*TypedObjectReference volumeAttributesClassName=9:*s',
  TypedObjectReference: 'apiGroup=1:*s! kind=2! name=3! namespace=4:*s',
  PersistentVolumeClaim: 'metadata=1:ObjectMeta spec=2:PersistentVolumeClaimSpec status=3:PersistentVolumeClaimStatus',
  PersistentVolumeClaimStatus:
    'phase=1 accessModes=2:[]s capacity=3:{}Quantity conditions=4:[]PersistentVolumeClaimCondition ' +
    'allocatedResources=5:{}Quantity allocatedResourceStatuses=7:{}s ' +
    'currentVolumeAttributesClassName=8:*s modifyVolumeStatus=9:*ModifyVolumeStatus',
  PersistentVolumeClaimCondition: 'type=1! status=2! lastProbeTime=3:Time lastTransitionTime=4:Time reason=5 message=6',
  ModifyVolumeStatus: 'targetVolumeAttributesClassName=1 status=2!',
  ImageVolumeSource: 'reference=1 pullPolicy=2',
  HostPathVolumeSource: 'path=1! type=2:*s',
  EmptyDirVolumeSource: 'medium=1 sizeLimit=2:*Quantity',
  SecretVolumeSource: 'secretName=1 items=2:[]KeyToPath defaultMode=3:*i32 optional=4:*bool',
  SecretProjection: '-=1:LocalObjectReference items=2:[]KeyToPath optional=4:*bool',
  NFSVolumeSource: 'server=1! path=2! readOnly=3:bool',
  ConfigMapVolumeSource: '-=1:LocalObjectReference items=2:[]KeyToPath defaultMode=3:*i32 optional=4:*bool',
  ConfigMapProjection: '-=1:LocalObjectReference items=2:[]KeyToPath optional=4:*bool',
  ServiceAccountTokenProjection: 'audience=1 expirationSeconds=2:*i64 path=3!',
  ClusterTrustBundleProjection: 'name=1:*s signerName=2:*s labelSelector=3:*LabelSelector optional=5:*bool path=4!',
  ProjectedVolumeSource: 'sources=1:[]VolumeProjection! defaultMode=2:*i32',
  VolumeProjection:
    'secret=1:*SecretProjection downwardAPI=2:*DownwardAPIProjection configMap=3:*ConfigMapProjection ' +
    'serviceAccountToken=4:*ServiceAccountTokenProjection ' +
    'clusterTrustBundle=5:*ClusterTrustBundleProjection',
  KeyToPath: 'key=1! path=2! mode=3:*i32',
  CSIVolumeSource:
    'driver=1! readOnly=2:*bool fsType=3:*s volumeAttributes=4:{}s nodePublishSecretRef=5:*LocalObjectReference',
  EphemeralVolumeSource: 'volumeClaimTemplate=1:*PersistentVolumeClaimTemplate',
  PersistentVolumeClaimTemplate: 'metadata=1:ObjectMeta spec=2:PersistentVolumeClaimSpec',
  VolumeResourceRequirements: 'limits=1:{}Quantity requests=2:{}Quantity',
  TypedLocalObjectReference: 'apiGroup=1:*s! kind=2! name=3!',
  DownwardAPIVolumeSource: 'items=1:[]DownwardAPIVolumeFile defaultMode=2:*i32',
  DownwardAPIVolumeFile:
    'path=1! fieldRef=2:*ObjectFieldSelector resourceFieldRef=3:*ResourceFieldSelector mode=4:*i32',
  DownwardAPIProjection: 'items=1:[]DownwardAPIVolumeFile',
};
