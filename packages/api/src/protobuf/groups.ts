/**
 * apps/v1, batch/v1, policy/v1, coordination.k8s.io/v1, scheduling.k8s.io/v1, node.k8s.io/v1, discovery.k8s.io/v1 and
 * autoscaling/v1 (Scale, HorizontalPodAutoscaler) messages: field numbers and types as in k8s.io/api apps/v1, batch/v1,
 * policy/v1, coordination/v1, scheduling/v1, node/v1 and autoscaling/v1 (the `protobuf:"..."` and `json:"..."`
 * struct tags of types.go, mirrored in generated.proto), Go field order. Syntax: see
 * @wheelhouse/machinery's protobuf/descriptor.ts.
 */
import type { DescriptorTable } from '@wheelhouse/machinery';

/** Message descriptors (see the module comment). */
export const GROUP_DESCRIPTORS: DescriptorTable = {
  StatefulSet: 'metadata=1:ObjectMeta spec=2:StatefulSetSpec status=3:StatefulSetStatus',
  StatefulSetUpdateStrategy: 'type=1 rollingUpdate=2:*RollingUpdateStatefulSetStrategy',
  RollingUpdateStatefulSetStrategy: 'partition=1:*i32 maxUnavailable=2:*IntOrString',
  StatefulSetPersistentVolumeClaimRetentionPolicy: 'whenDeleted=1 whenScaled=2',
  StatefulSetOrdinals: 'start=1:i32!',
  StatefulSetSpec:
    'replicas=1:*i32 selector=2:*LabelSelector! template=3:PodTemplateSpec ' +
    'volumeClaimTemplates=4:[]PersistentVolumeClaim serviceName=5! podManagementPolicy=6 ' +
    'updateStrategy=7:StatefulSetUpdateStrategy revisionHistoryLimit=8:*i32 minReadySeconds=9:i32 ' +
    'persistentVolumeClaimRetentionPolicy=10:*StatefulSetPersistentVolumeClaimRetentionPolicy ' +
    'ordinals=11:*StatefulSetOrdinals',
  StatefulSetStatus:
    'observedGeneration=1:i64 replicas=2:i32! readyReplicas=3:i32 currentReplicas=4:i32 ' +
    'updatedReplicas=5:i32 currentRevision=6',
  'StatefulSetStatus+':
    'updateRevision=7 collisionCount=9:*i32 conditions=10:[]StatefulSetCondition availableReplicas=11:i32!',
  StatefulSetCondition: 'type=1! status=2! lastTransitionTime=3:Time reason=4 message=5',
  Deployment: 'metadata=1:ObjectMeta spec=2:DeploymentSpec status=3:DeploymentStatus',
  DeploymentSpec:
    'replicas=1:*i32 selector=2:*LabelSelector! template=3:PodTemplateSpec strategy=4:DeploymentStrategy ' +
    'minReadySeconds=5:i32 revisionHistoryLimit=6:*i32 paused=7:bool progressDeadlineSeconds=9:*i32 ' +
    'podReplacementPolicy=10:*s',
  DeploymentStrategy: 'type=1 rollingUpdate=2:*RollingUpdateDeployment',
  RollingUpdateDeployment: 'maxUnavailable=1:*IntOrString maxSurge=2:*IntOrString',
  DeploymentStatus:
    'observedGeneration=1:i64 replicas=2:i32 updatedReplicas=3:i32 readyReplicas=7:i32 ' +
    'availableReplicas=4:i32 unavailableReplicas=5:i32 terminatingReplicas=9:*i32 ' +
    'conditions=6:[]DeploymentCondition collisionCount=8:*i32',
  DeploymentCondition: 'type=1! status=2! lastUpdateTime=6:Time lastTransitionTime=7:Time reason=4 message=5',
  DaemonSetUpdateStrategy: 'type=1 rollingUpdate=2:*RollingUpdateDaemonSet',
  RollingUpdateDaemonSet: 'maxUnavailable=1:*IntOrString maxSurge=2:*IntOrString',
  DaemonSetSpec:
    'selector=1:*LabelSelector! template=2:PodTemplateSpec updateStrategy=3:DaemonSetUpdateStrategy ' +
    'minReadySeconds=4:i32 revisionHistoryLimit=6:*i32',
  DaemonSetStatus:
    'currentNumberScheduled=1:i32! numberMisscheduled=2:i32! desiredNumberScheduled=3:i32! ' +
    'numberReady=4:i32! observedGeneration=5:i64 updatedNumberScheduled=6:i32 numberAvailable=7:i32 ' +
    'numberUnavailable=8:i32 collisionCount=9:*i32 conditions=10:[]DaemonSetCondition',
  DaemonSetCondition: 'type=1! status=2! lastTransitionTime=3:Time reason=4 message=5',
  DaemonSet: 'metadata=1:ObjectMeta spec=2:DaemonSetSpec status=3:DaemonSetStatus',
  ReplicaSet: 'metadata=1:ObjectMeta spec=2:ReplicaSetSpec status=3:ReplicaSetStatus',
  ReplicaSetSpec: 'replicas=1:*i32 minReadySeconds=4:i32 selector=2:*LabelSelector! template=3:PodTemplateSpec',
  ReplicaSetStatus:
    'replicas=1:i32! fullyLabeledReplicas=2:i32 readyReplicas=4:i32 availableReplicas=5:i32 ' +
    'terminatingReplicas=7:*i32 observedGeneration=3:i64 conditions=6:[]ReplicaSetCondition',
  ReplicaSetCondition: 'type=1! status=2! lastTransitionTime=3:Time reason=4 message=5',
  ControllerRevision: 'metadata=1:ObjectMeta data=2:RawExtension revision=3:i64!',
  Job: 'metadata=1:ObjectMeta spec=2:JobSpec status=3:JobStatus',
  PodFailurePolicyOnExitCodesRequirement: 'containerName=1:*s! operator=2! values=3:[]i32!',
  PodFailurePolicyOnPodConditionsPattern: 'type=1! status=2!',
  PodFailurePolicyRule:
    'action=1! onExitCodes=2:*PodFailurePolicyOnExitCodesRequirement! ' +
    'onPodConditions=3:[]PodFailurePolicyOnPodConditionsPattern!',
  PodFailurePolicy: 'rules=1:[]PodFailurePolicyRule!',
  SuccessPolicy: 'rules=1:[]SuccessPolicyRule!',
  SuccessPolicyRule: 'succeededIndexes=1:*s succeededCount=2:*i32',
  JobSpec:
    'parallelism=1:*i32 completions=2:*i32 activeDeadlineSeconds=3:*i64 ' +
    'podFailurePolicy=11:*PodFailurePolicy successPolicy=16:*SuccessPolicy backoffLimit=7:*i32 ' +
    'backoffLimitPerIndex=12:*i32 maxFailedIndexes=13:*i32 selector=4:*LabelSelector ' +
    'manualSelector=5:*bool template=6:PodTemplateSpec ttlSecondsAfterFinished=8:*i32 completionMode=9:*s ' +
    'suspend=10:*bool podReplacementPolicy=14:*s managedBy=15:*s',
  JobStatus:
    'conditions=1:[]JobCondition startTime=2:*Time completionTime=3:*Time active=4:i32 succeeded=5:i32 ' +
    'failed=6:i32 terminating=11:*i32 completedIndexes=7 failedIndexes=10:*s ' +
    'uncountedTerminatedPods=8:*UncountedTerminatedPods ready=9:*i32',
  UncountedTerminatedPods: 'succeeded=1:[]s failed=2:[]s',
  JobCondition: 'type=1! status=2! lastProbeTime=3:Time lastTransitionTime=4:Time reason=5 message=6',
  CronJob: 'metadata=1:ObjectMeta spec=2:CronJobSpec status=3:CronJobStatus',
  CronJobSpec:
    'schedule=1! timeZone=8:*s startingDeadlineSeconds=2:*i64 concurrencyPolicy=3 suspend=4:*bool ' +
    'jobTemplate=5:JobTemplateSpec successfulJobsHistoryLimit=6:*i32 failedJobsHistoryLimit=7:*i32',
  JobTemplateSpec: 'metadata=1:ObjectMeta spec=2:JobSpec',
  CronJobStatus: 'active=1:[]ObjectReference lastScheduleTime=4:*Time lastSuccessfulTime=5:*Time',
  PodDisruptionBudgetSpec:
    'minAvailable=1:*IntOrString selector=2:*LabelSelector maxUnavailable=3:*IntOrString ' +
    'unhealthyPodEvictionPolicy=4:*s',
  PodDisruptionBudgetStatus:
    'observedGeneration=1:i64 disruptedPods=2:{}Time disruptionsAllowed=3:i32! currentHealthy=4:i32! ' +
    'desiredHealthy=5:i32! expectedPods=6:i32! conditions=7:[]Condition',
  PodDisruptionBudget: 'metadata=1:ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:PodDisruptionBudgetStatus',
  Eviction: 'metadata=1:ObjectMeta deleteOptions=2:*DeleteOptions',
  Lease: 'metadata=1:ObjectMeta spec=2:LeaseSpec',
  LeaseSpec:
    'holderIdentity=1:*s leaseDurationSeconds=2:*i32 acquireTime=3:*MicroTime renewTime=4:*MicroTime ' +
    'leaseTransitions=5:*i32 strategy=6:*s preferredHolder=7:*s',
  PriorityClass: 'metadata=1:ObjectMeta value=2:i32! globalDefault=3:bool description=4 preemptionPolicy=5:*s',
  RuntimeClass: 'metadata=1:ObjectMeta handler=2! overhead=3:*Overhead scheduling=4:*Scheduling',
  Overhead: 'podFixed=1:{}Quantity',
  Scheduling: 'nodeSelector=1:{}s tolerations=2:[]Toleration',
  Scale: 'metadata=1:ObjectMeta spec=2:ScaleSpec status=3:ScaleStatus',
  // autoscaling/v1 HorizontalPodAutoscaler (`kubectl autoscale` sends it).
  HorizontalPodAutoscaler:
    'metadata=1:ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus',
  HorizontalPodAutoscalerSpec:
    'scaleTargetRef=1:CrossVersionObjectReference! minReplicas=2:*i32 maxReplicas=3:i32! ' +
    'targetCPUUtilizationPercentage=4:*i32',
  CrossVersionObjectReference: 'kind=1! name=2! apiVersion=3',
  HorizontalPodAutoscalerStatus:
    'observedGeneration=1:*i64 lastScaleTime=2:*Time currentReplicas=3:i32! desiredReplicas=4:i32! ' +
    'currentCPUUtilizationPercentage=5:*i32',
  ScaleSpec: 'replicas=1:i32',
  ScaleStatus: 'replicas=1:i32! selector=2',
  EndpointSlice:
    'metadata=1:ObjectMeta addressType=4! endpoints=2:[]EndpointSliceEndpoint! ports=3:[]EndpointSlicePort!',
  EndpointSliceEndpoint:
    'addresses=1:[]s! conditions=2:EndpointConditions! hostname=3:*s targetRef=4:*ObjectReference ' +
    'deprecatedTopology=5:{}s nodeName=6:*s zone=7:*s hints=8:*EndpointHints',
  EndpointConditions: 'ready=1:*bool serving=2:*bool terminating=3:*bool',
  EndpointHints: 'forZones=1:[]ForZone',
  ForZone: 'name=1!',
  EndpointSlicePort: 'name=1:*s protocol=2:*s port=3:*i32 appProtocol=4:*s',
};
