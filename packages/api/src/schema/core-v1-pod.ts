/** core/v1 Pod: spec, status, template, and the Binding the scheduler posts. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import {
  ContainerSchema,
  EphemeralContainerSchema,
  SeccompProfileSchema,
  AppArmorProfileSchema,
  ResourceRequirementsSchema,
  SELinuxOptionsSchema,
  VolumeMountSchema,
  WindowsSecurityContextOptionsSchema,
} from './core-v1-container.js';
import { AffinitySchema, TolerationSchema, TopologySpreadConstraintSchema } from './core-v1-scheduling.js';
import { LocalObjectReferenceSchema, VolumeSchema } from './core-v1-volume.js';
import { ObjectReferenceSchema } from './core-v1-reference.js';
import {
  named,
  namedKind,
  optBool,
  optInt32,
  optInt64,
  optList,
  optString,
  optStringList,
  optStringMap,
  ResourceListSchema,
  TimeSchema,
} from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

/** Pod-level security options. */
export const PodSecurityContextSchema = named(
  `${CORE}PodSecurityContext`,
  z.strictObject({
    seLinuxOptions: SELinuxOptionsSchema.optional(),
    windowsOptions: WindowsSecurityContextOptionsSchema.optional(),
    runAsUser: optInt64(),
    runAsGroup: optInt64(),
    runAsNonRoot: optBool(),
    supplementalGroups: optList(z.int()),
    supplementalGroupsPolicy: optString(),
    fsGroup: optInt64(),
    sysctls: optList(named(`${CORE}Sysctl`, z.strictObject({ name: optString(), value: optString() }))),
    fsGroupChangePolicy: optString(),
    seccompProfile: SeccompProfileSchema.optional(),
    appArmorProfile: AppArmorProfileSchema.optional(),
    seLinuxChangePolicy: optString(),
  }),
  'PodSecurityContext holds pod-level security attributes and common container settings.',
);

/** The desired state of a pod. */
export const PodSpecSchema = named(
  `${CORE}PodSpec`,
  z.strictObject({
    volumes: optList(VolumeSchema),
    initContainers: optList(ContainerSchema),
    containers: optList(ContainerSchema),
    ephemeralContainers: optList(EphemeralContainerSchema),
    restartPolicy: optString(),
    terminationGracePeriodSeconds: optInt64(),
    activeDeadlineSeconds: optInt64(),
    dnsPolicy: optString(),
    nodeSelector: optStringMap(),
    serviceAccountName: optString(),
    serviceAccount: optString(),
    automountServiceAccountToken: optBool(),
    nodeName: optString(),
    hostNetwork: optBool(),
    hostPID: optBool(),
    hostIPC: optBool(),
    shareProcessNamespace: optBool(),
    securityContext: PodSecurityContextSchema.optional(),
    imagePullSecrets: optList(LocalObjectReferenceSchema),
    hostname: optString(),
    subdomain: optString(),
    affinity: AffinitySchema.optional(),
    schedulerName: optString(),
    tolerations: optList(TolerationSchema),
    hostAliases: optList(named(`${CORE}HostAlias`, z.strictObject({ ip: optString(), hostnames: optStringList() }))),
    priorityClassName: optString(),
    priority: optInt32(),
    dnsConfig: named(
      `${CORE}PodDNSConfig`,
      z.strictObject({
        nameservers: optStringList(),
        searches: optStringList(),
        options: optList(z.strictObject({ name: optString(), value: optString() })),
      }),
    ).optional(),
    readinessGates: optList(named(`${CORE}PodReadinessGate`, z.strictObject({ conditionType: optString() }))),
    runtimeClassName: optString(),
    enableServiceLinks: optBool(),
    preemptionPolicy: optString(),
    overhead: ResourceListSchema.optional(),
    topologySpreadConstraints: optList(TopologySpreadConstraintSchema),
    setHostnameAsFQDN: optBool(),
    os: named(`${CORE}PodOS`, z.strictObject({ name: optString() })).optional(),
    hostUsers: optBool(),
    schedulingGates: optList(named(`${CORE}PodSchedulingGate`, z.strictObject({ name: optString() }))),
    resourceClaims: optList(
      named(
        `${CORE}PodResourceClaim`,
        z.strictObject({ name: optString(), resourceClaimName: optString(), resourceClaimTemplateName: optString() }),
      ),
    ),
    resources: ResourceRequirementsSchema.optional(),
  }),
  'PodSpec is a description of a pod.',
);
/** The desired state of a pod. */
export type PodSpec = z.infer<typeof PodSpecSchema>;

/** A container's state: at most one of waiting, running, terminated. */
export const ContainerStateSchema = named(
  `${CORE}ContainerState`,
  z.strictObject({
    waiting: z.strictObject({ reason: optString(), message: optString() }).optional(),
    running: z.strictObject({ startedAt: TimeSchema.optional() }).optional(),
    terminated: z
      .strictObject({
        exitCode: optInt32(),
        signal: optInt32(),
        reason: optString(),
        message: optString(),
        startedAt: TimeSchema.optional(),
        finishedAt: TimeSchema.optional(),
        containerID: optString(),
      })
      .optional(),
  }),
  'ContainerState holds a possible state of container.',
);
/** A container's state. */
export type ContainerState = z.infer<typeof ContainerStateSchema>;

/** The observed state of one container. */
export const ContainerStatusSchema = named(
  `${CORE}ContainerStatus`,
  z.strictObject({
    name: optString(),
    state: ContainerStateSchema.optional(),
    lastState: ContainerStateSchema.optional(),
    ready: optBool(),
    restartCount: optInt32(),
    image: optString(),
    imageID: optString(),
    containerID: optString(),
    started: optBool(),
    allocatedResources: ResourceListSchema.optional(),
    resources: ResourceRequirementsSchema.optional(),
    volumeMounts: optList(VolumeMountSchema),
    user: z.looseObject({}).optional(),
    allocatedResourcesStatus: optList(z.looseObject({})),
  }),
  'ContainerStatus contains details for the current status of this container.',
);
/** The observed state of one container. */
export type ContainerStatus = z.infer<typeof ContainerStatusSchema>;

/** A pod condition (PodScheduled, Initialized, ContainersReady, Ready, ...). */
export const PodConditionSchema = named(
  `${CORE}PodCondition`,
  z.strictObject({
    type: optString(),
    status: optString(),
    lastProbeTime: TimeSchema.optional(),
    lastTransitionTime: TimeSchema.optional(),
    reason: optString(),
    message: optString(),
  }),
  'PodCondition contains details for the current condition of this pod.',
);
/** A pod condition. */
export type PodCondition = z.infer<typeof PodConditionSchema>;

const IPEntry = (id: string) => named(`${CORE}${id}`, z.strictObject({ ip: optString() }));

/** The observed state of a pod. */
export const PodStatusSchema = named(
  `${CORE}PodStatus`,
  z.strictObject({
    phase: optString(),
    conditions: optList(PodConditionSchema),
    message: optString(),
    reason: optString(),
    nominatedNodeName: optString(),
    hostIP: optString(),
    hostIPs: optList(IPEntry('HostIP')),
    podIP: optString(),
    podIPs: optList(IPEntry('PodIP')),
    startTime: TimeSchema.optional(),
    initContainerStatuses: optList(ContainerStatusSchema),
    containerStatuses: optList(ContainerStatusSchema),
    qosClass: optString(),
    ephemeralContainerStatuses: optList(ContainerStatusSchema),
    resize: optString(),
    resourceClaimStatuses: optList(z.strictObject({ name: optString(), resourceClaimName: optString() })),
  }),
  'PodStatus represents information about the status of a pod.',
);
/** The observed state of a pod. */
export type PodStatus = z.infer<typeof PodStatusSchema>;

/** A pod: a group of containers scheduled together on one node. */
export const PodSchema = namedKind(
  `${CORE}Pod`,
  { group: '', version: 'v1', kind: 'Pod' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: PodSpecSchema.optional(),
    status: PodStatusSchema.optional(),
  }),
  'Pod is a collection of containers that can run on a host.',
);
/** A pod. */
export type Pod = z.infer<typeof PodSchema>;

/** A pod template embedded in workload controllers. */
export const PodTemplateSpecSchema = named(
  `${CORE}PodTemplateSpec`,
  z.strictObject({ metadata: ObjectMetaSchema.optional(), spec: PodSpecSchema.optional() }),
  'PodTemplateSpec describes the data a pod should have when created from a template.',
);
/** A pod template. */
export type PodTemplateSpec = z.infer<typeof PodTemplateSpecSchema>;

/** Binds a pod to a node (POST pods/{name}/binding, sent by the scheduler). */
export const BindingSchema = namedKind(
  `${CORE}Binding`,
  { group: '', version: 'v1', kind: 'Binding' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    target: ObjectReferenceSchema.optional(),
  }),
  'Binding ties one object to another; for example, a pod is bound to a node by a scheduler.',
);
/** Binds a pod to a node. */
export type Binding = z.infer<typeof BindingSchema>;
