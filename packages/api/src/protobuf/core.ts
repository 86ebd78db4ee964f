/**
 * core/v1 object messages (pods, nodes, services, config): field numbers and types as in
 * k8s.io/api core/v1 (the `protobuf:"..."` and `json:"..."` struct tags of types.go, mirrored
 * in generated.proto), Go field order. Syntax: see @wheelhouse/machinery's
 * protobuf/descriptor.ts.
 */
import type { DescriptorTable } from '@wheelhouse/machinery';

/** Message descriptors (see the module comment). */
export const CORE_DESCRIPTORS: DescriptorTable = {
  PodCondition: 'type=1! status=2! lastProbeTime=3:Time lastTransitionTime=4:Time reason=5 message=6',
  NodeSelector: 'nodeSelectorTerms=1:[]NodeSelectorTerm!',
  NodeSelectorTerm: 'matchExpressions=1:[]NodeSelectorRequirement matchFields=2:[]NodeSelectorRequirement',
  NodeSelectorRequirement: 'key=1! operator=2! values=3:[]s',
  Affinity: 'nodeAffinity=1:*NodeAffinity podAffinity=2:*PodAffinity podAntiAffinity=3:*PodAntiAffinity',
  PodAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:[]PodAffinityTerm ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[]WeightedPodAffinityTerm',
  PodAntiAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:[]PodAffinityTerm ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[]WeightedPodAffinityTerm',
  WeightedPodAffinityTerm: 'weight=1:i32! podAffinityTerm=2:PodAffinityTerm',
  PodAffinityTerm:
    'labelSelector=1:*LabelSelector namespaces=2:[]s topologyKey=3! namespaceSelector=4:*LabelSelector ' +
    'matchLabelKeys=5:[]s mismatchLabelKeys=6:[]s',
  NodeAffinity:
    'requiredDuringSchedulingIgnoredDuringExecution=1:*NodeSelector ' +
    'preferredDuringSchedulingIgnoredDuringExecution=2:[]PreferredSchedulingTerm',
  PreferredSchedulingTerm: 'weight=1:i32! preference=2:NodeSelectorTerm',
  Taint: 'key=1! value=2 effect=3! timeAdded=4:*Time',
  Toleration: 'key=1 operator=2 value=3 effect=4 tolerationSeconds=5:*i64',
  PodReadinessGate: 'conditionType=1!',
  PodSpec:
    'volumes=1:[]Volume initContainers=20:[]Container containers=2:[]Container! ' +
    'ephemeralContainers=34:[]EphemeralContainer restartPolicy=3 terminationGracePeriodSeconds=4:*i64 ' +
    'activeDeadlineSeconds=5:*i64 dnsPolicy=6 nodeSelector=7:{}s serviceAccountName=8 serviceAccount=9 ' +
    'automountServiceAccountToken=21:*bool nodeName=10 hostNetwork=11:bool hostPID=12:bool ' +
    'hostIPC=13:bool shareProcessNamespace=27:*bool securityContext=14:*PodSecurityContext ' +
    'imagePullSecrets=15:[]LocalObjectReference hostname=16 subdomain=17 affinity=18:*Affinity ' +
    'schedulerName=19 tolerations=22:[]Toleration hostAliases=23:[]HostAlias priorityClassName=24 ' +
    'priority=25:*i32 dnsConfig=26:*PodDNSConfig readinessGates=28:[]PodReadinessGate ' +
    'runtimeClassName=29:*s enableServiceLinks=30:*bool preemptionPolicy=31:*s overhead=32:{}Quantity ' +
    'topologySpreadConstraints=33:[]TopologySpreadConstraint setHostnameAsFQDN=35:*bool os=36:*PodOS ' +
    'hostUsers=37:*bool',
  'PodSpec+':
    'schedulingGates=38:[]PodSchedulingGate resourceClaims=39:[]PodResourceClaim resources=40:*ResourceRequirements',
  PodResourceClaim: 'name=1! resourceClaimName=3:*s resourceClaimTemplateName=4:*s',
  TopologySpreadConstraint:
    'maxSkew=1:i32! topologyKey=2! whenUnsatisfiable=3! labelSelector=4:*LabelSelector minDomains=5:*i32 ' +
    'nodeAffinityPolicy=6:*s nodeTaintsPolicy=7:*s matchLabelKeys=8:[]s',
  HostAlias: 'ip=1 hostnames=2:[]s',
  PodOS: 'name=1!',
  PodSchedulingGate: 'name=1!',
  PodSecurityContext:
    'seLinuxOptions=1:*SELinuxOptions windowsOptions=8:*WindowsSecurityContextOptions runAsUser=2:*i64 ' +
    'runAsGroup=6:*i64 runAsNonRoot=3:*bool supplementalGroups=4:[]i64 fsGroup=5:*i64 sysctls=7:[]Sysctl ' +
    'fsGroupChangePolicy=9:*s seccompProfile=10:*SeccompProfile appArmorProfile=11:*AppArmorProfile ' +
    'supplementalGroupsPolicy=12:*s seLinuxChangePolicy=13:*s',
  PodDNSConfig: 'nameservers=1:[]s searches=2:[]s options=3:[]PodDNSConfigOption',
  PodDNSConfigOption: 'name=1 value=2:*s',
  PodIP: 'ip=1',
  HostIP: 'ip=1',
  PodStatus:
    'phase=1 conditions=2:[]PodCondition message=3 reason=4 nominatedNodeName=11 hostIP=5 ' +
    'hostIPs=16:[]HostIP podIP=6 podIPs=12:[]PodIP startTime=7:*Time ' +
    'initContainerStatuses=10:[]ContainerStatus containerStatuses=8:[]ContainerStatus qosClass=9 ' +
    'ephemeralContainerStatuses=13:[]ContainerStatus resize=14 ' +
    'resourceClaimStatuses=15:[]PodResourceClaimStatus',
  PodResourceClaimStatus: 'name=1! resourceClaimName=2:*s',
  Pod: 'metadata=1:ObjectMeta spec=2:PodSpec status=3:PodStatus',
  PodTemplateSpec: 'metadata=1:ObjectMeta spec=2:PodSpec',
  ReplicationController: 'metadata=1:ObjectMeta spec=2:ReplicationControllerSpec status=3:ReplicationControllerStatus',
  ReplicationControllerSpec: 'replicas=1:*i32 minReadySeconds=4:i32 selector=2:{}s template=3:*PodTemplateSpec',
  ReplicationControllerStatus:
    'replicas=1:i32! fullyLabeledReplicas=2:i32 readyReplicas=4:i32 availableReplicas=5:i32 ' +
    'observedGeneration=3:i64 conditions=6:[]ReplicationControllerCondition',
  ReplicationControllerCondition: 'type=1! status=2! lastTransitionTime=3:Time reason=4 message=5',
  SessionAffinityConfig: 'clientIP=1:*ClientIPConfig',
  ClientIPConfig: 'timeoutSeconds=1:*i32',
  ServiceStatus: 'loadBalancer=1:LoadBalancerStatus conditions=2:[]Condition',
  LoadBalancerStatus: 'ingress=1:[]LoadBalancerIngress',
  LoadBalancerIngress: 'ip=1 hostname=2 ipMode=3:*s ports=4:[]PortStatus',
  ServiceSpec: 'ports=1:[]ServicePort selector=2:{}s clusterIP=3',
  'ServiceSpec+':
    'clusterIPs=18:[]s type=4 externalIPs=5:[]s sessionAffinity=7 loadBalancerIP=8 ' +
    'loadBalancerSourceRanges=9:[]s externalName=10 externalTrafficPolicy=11 healthCheckNodePort=12:i32 ' +
    'publishNotReadyAddresses=13:bool sessionAffinityConfig=14:*SessionAffinityConfig ipFamilies=19:[]s ' +
    'ipFamilyPolicy=17:*s allocateLoadBalancerNodePorts=20:*bool loadBalancerClass=21:*s ' +
    'internalTrafficPolicy=22:*s trafficDistribution=23:*s',
  ServicePort: 'name=1 protocol=2 appProtocol=6:*s port=3:i32! targetPort=4:IntOrString nodePort=5:i32',
  Service: 'metadata=1:ObjectMeta spec=2:ServiceSpec status=3:ServiceStatus',
  ServiceAccount:
    'metadata=1:ObjectMeta secrets=2:[]ObjectReference imagePullSecrets=3:[]LocalObjectReference ' +
    'automountServiceAccountToken=4:*bool',
  Endpoints: 'metadata=1:ObjectMeta subsets=2:[]EndpointSubset',
  EndpointSubset: 'addresses=1:[]EndpointAddress notReadyAddresses=2:[]EndpointAddress ports=3:[]EndpointPort',
  EndpointAddress: 'ip=1! hostname=3 nodeName=4:*s targetRef=2:*ObjectReference',
  EndpointPort: 'name=1 port=2:i32! protocol=3 appProtocol=4:*s',
  NodeSpec:
    'podCIDR=1 podCIDRs=7:[]s providerID=3 unschedulable=4:bool taints=5:[]Taint ' +
    'configSource=6:*NodeConfigSource externalID=2',
  NodeConfigSource: 'configMap=2:*ConfigMapNodeConfigSource',
  ConfigMapNodeConfigSource: 'namespace=1! name=2! uid=3 resourceVersion=4 kubeletConfigKey=5!',
  DaemonEndpoint: 'Port=1:i32!',
  NodeDaemonEndpoints: 'kubeletEndpoint=1:DaemonEndpoint',
  NodeSystemInfo:
    'machineID=1! systemUUID=2! bootID=3! kernelVersion=4! osImage=5! containerRuntimeVersion=6! ' +
    'kubeletVersion=7! kubeProxyVersion=8! operatingSystem=9! architecture=10!',
  NodeConfigStatus: 'assigned=1:*NodeConfigSource active=2:*NodeConfigSource lastKnownGood=3:*NodeConfigSource error=4',
  NodeStatus:
    'capacity=1:{}Quantity allocatable=2:{}Quantity phase=3 conditions=4:[]NodeCondition ' +
    'addresses=5:[]NodeAddress daemonEndpoints=6:NodeDaemonEndpoints nodeInfo=7:NodeSystemInfo ' +
    'images=8:[]ContainerImage volumesInUse=9:[]s volumesAttached=10:[]AttachedVolume ' +
    'config=11:*NodeConfigStatus',
  AttachedVolume: 'name=1! devicePath=2!',
  ContainerImage: 'names=1:[]s! sizeBytes=2:i64',
  NodeCondition: 'type=1! status=2! lastHeartbeatTime=3:Time lastTransitionTime=4:Time reason=5 message=6',
  NodeAddress: 'type=1! address=2!',
  Node: 'metadata=1:ObjectMeta spec=2:NodeSpec status=3:NodeStatus',
  NamespaceSpec: 'finalizers=1:[]s',
  NamespaceStatus: 'phase=1 conditions=2:[]NamespaceCondition',
  NamespaceCondition: 'type=1! status=2! lastTransitionTime=4:Time reason=5 message=6',
  Namespace: 'metadata=1:ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus',
  Binding: 'metadata=1:ObjectMeta target=2:ObjectReference',
  ObjectReference: 'kind=1 namespace=2 name=3 uid=4 apiVersion=5 resourceVersion=6 fieldPath=7',
  LocalObjectReference: 'name=1',
  EventSource: 'component=1 host=2',
  Event:
    'metadata=1:ObjectMeta involvedObject=2:ObjectReference reason=3 message=4 source=5:EventSource ' +
    'firstTimestamp=6:Time lastTimestamp=7:Time count=8:i32 type=9 eventTime=10:MicroTime ' +
    'series=11:*EventSeries action=12 related=13:*ObjectReference reportingComponent=14! ' +
    'reportingInstance=15!',
  EventSeries: 'count=1:i32 lastObservedTime=2:MicroTime',
  Secret: 'metadata=1:ObjectMeta immutable=5:*bool data=2:{}bytes stringData=4:{}s type=3',
  ConfigMap: 'metadata=1:ObjectMeta immutable=4:*bool data=2:{}s binaryData=3:{}bytes',
  Sysctl: 'name=1! value=2!',
  PortStatus: 'port=1:i32! protocol=2! error=3:*s',
  // ResourceQuota (`kubectl create quota` sends it).
  ResourceQuota: 'metadata=1:ObjectMeta spec=2:ResourceQuotaSpec status=3:ResourceQuotaStatus',
  ResourceQuotaSpec: 'hard=1:{}Quantity scopes=2:[]s scopeSelector=3:*ScopeSelector',
  ScopeSelector: 'matchExpressions=1:[]ScopedResourceSelectorRequirement',
  ScopedResourceSelectorRequirement: 'scopeName=1! operator=2! values=3:[]s',
  ResourceQuotaStatus: 'hard=1:{}Quantity used=2:{}Quantity',
};
