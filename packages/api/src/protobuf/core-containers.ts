/**
 * core/v1 container messages: field numbers and types as in k8s.io/api core/v1 (the
 * `protobuf:"..."` and `json:"..."` struct tags of types.go, mirrored in generated.proto), Go
 * field order. Syntax: see @wheelhouse/machinery's protobuf/descriptor.ts.
 */
import type { DescriptorTable } from '@wheelhouse/machinery';

const CONTAINER =
  'name=1! image=2 command=3:[]s args=4:[]s workingDir=5 ports=6:[]ContainerPort ' +
  'envFrom=19:[]EnvFromSource env=7:[]EnvVar resources=8:ResourceRequirements ' +
  'resizePolicy=23:[]ContainerResizePolicy restartPolicy=24:*s volumeMounts=9:[]VolumeMount ' +
  'volumeDevices=21:[]VolumeDevice livenessProbe=10:*Probe readinessProbe=11:*Probe ' +
  'startupProbe=22:*Probe lifecycle=12:*Lifecycle terminationMessagePath=13 terminationMessagePolicy=20 ' +
  'imagePullPolicy=14 securityContext=15:*SecurityContext stdin=16:bool stdinOnce=17:bool tty=18:bool';

/** Message descriptors (see the module comment). */
export const CORE_CONTAINER_DESCRIPTORS: DescriptorTable = {
  ContainerPort: 'name=1 hostPort=2:i32 containerPort=3:i32! protocol=4 hostIP=5',
  VolumeMount:
    'name=1! readOnly=2:bool mountPath=3! subPath=4 mountPropagation=5:*s subPathExpr=6 recursiveReadOnly=7:*s',
  VolumeDevice: 'name=1! devicePath=2!',
  EnvVar: 'name=1! value=2 valueFrom=3:*EnvVarSource',
  EnvVarSource:
    'fieldRef=1:*ObjectFieldSelector resourceFieldRef=2:*ResourceFieldSelector ' +
    'configMapKeyRef=3:*ConfigMapKeySelector secretKeyRef=4:*SecretKeySelector',
  ObjectFieldSelector: 'apiVersion=1 fieldPath=2!',
  ResourceFieldSelector: 'containerName=1 resource=2! divisor=3:Quantity',
  ConfigMapKeySelector: '-=1:LocalObjectReference key=2! optional=3:*bool',
  SecretKeySelector: '-=1:LocalObjectReference key=2! optional=3:*bool',
  EnvFromSource: 'prefix=1 configMapRef=2:*ConfigMapEnvSource secretRef=3:*SecretEnvSource',
  ConfigMapEnvSource: '-=1:LocalObjectReference optional=2:*bool',
  SecretEnvSource: '-=1:LocalObjectReference optional=2:*bool',
  HTTPHeader: 'name=1! value=2!',
  HTTPGetAction: 'path=1 port=2:IntOrString host=3 scheme=4 httpHeaders=5:[]HTTPHeader',
  TCPSocketAction: 'port=1:IntOrString host=2',
  GRPCAction: 'port=1:i32! service=2:*s!',
  ExecAction: 'command=1:[]s',
  SleepAction: 'seconds=1:i64!',
  Probe:
    '-=1:ProbeHandler initialDelaySeconds=2:i32 timeoutSeconds=3:i32 periodSeconds=4:i32 ' +
    'successThreshold=5:i32 failureThreshold=6:i32 terminationGracePeriodSeconds=7:*i64',
  ContainerResizePolicy: 'resourceName=1! restartPolicy=2!',
  Capabilities: 'add=1:[]s drop=2:[]s',
  ResourceRequirements: 'limits=1:{}Quantity requests=2:{}Quantity claims=3:[]ResourceClaim',
  ResourceClaim: 'name=1! request=2',
  Container: CONTAINER,
  // EphemeralContainer inlines a copy of every Container field (same numbers).
  EphemeralContainerCommon: CONTAINER,
  ProbeHandler: 'exec=1:*ExecAction httpGet=2:*HTTPGetAction tcpSocket=3:*TCPSocketAction grpc=4:*GRPCAction',
  LifecycleHandler: 'exec=1:*ExecAction httpGet=2:*HTTPGetAction tcpSocket=3:*TCPSocketAction sleep=4:*SleepAction',
  Lifecycle: 'postStart=1:*LifecycleHandler preStop=2:*LifecycleHandler',
  ContainerStateWaiting: 'reason=1 message=2',
  ContainerStateRunning: 'startedAt=1:Time',
  ContainerStateTerminated:
    'exitCode=1:i32! signal=2:i32 reason=3 message=4 startedAt=5:Time finishedAt=6:Time containerID=7',
  ContainerState:
    'waiting=1:*ContainerStateWaiting running=2:*ContainerStateRunning terminated=3:*ContainerStateTerminated',
  ContainerStatus:
    'name=1! state=2:ContainerState lastState=3:ContainerState ready=4:bool! restartCount=5:i32! image=6! ' +
    'imageID=7! containerID=8 started=9:*bool allocatedResources=10:{}Quantity ' +
    'resources=11:*ResourceRequirements',
  SeccompProfile: 'type=1! localhostProfile=2:*s',
  EphemeralContainer: '-=1:EphemeralContainerCommon targetContainerName=2',
  SecurityContext:
    'capabilities=1:*Capabilities privileged=2:*bool seLinuxOptions=3:*SELinuxOptions ' +
    'windowsOptions=10:*WindowsSecurityContextOptions runAsUser=4:*i64 runAsGroup=8:*i64 ' +
    'runAsNonRoot=5:*bool readOnlyRootFilesystem=6:*bool allowPrivilegeEscalation=7:*bool procMount=9:*s ' +
    'seccompProfile=11:*SeccompProfile appArmorProfile=12:*AppArmorProfile',
  SELinuxOptions: 'user=1 role=2 type=3 level=4',
  WindowsSecurityContextOptions:
    'gmsaCredentialSpecName=1:*s gmsaCredentialSpec=2:*s runAsUserName=3:*s hostProcess=4:*bool',
  AppArmorProfile: 'type=1! localhostProfile=2:*s',
};
