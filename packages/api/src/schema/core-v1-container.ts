/** core/v1 containers: ports, env, resources, probes, lifecycle hooks, security context. */
import { z } from 'zod';
import {
  IntOrStringSchema,
  named,
  optBool,
  optInt32,
  optInt64,
  optList,
  optString,
  optStringList,
  QuantitySchema,
  ResourceListSchema,
} from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

/** A port a container exposes. */
export const ContainerPortSchema = named(
  `${CORE}ContainerPort`,
  z.strictObject({
    name: optString(),
    hostPort: optInt32(),
    containerPort: optInt32(),
    protocol: optString(),
    hostIP: optString(),
  }),
  'ContainerPort represents a network port in a single container.',
);
/** A port a container exposes. */
export type ContainerPort = z.infer<typeof ContainerPortSchema>;

const KeySelector = (id: string) =>
  named(`${CORE}${id}`, z.strictObject({ name: optString(), key: optString(), optional: optBool() }));

/** Selects a field of the pod (`metadata.name`, `status.podIP`, ...). */
export const ObjectFieldSelectorSchema = named(
  `${CORE}ObjectFieldSelector`,
  z.strictObject({ apiVersion: optString(), fieldPath: optString() }),
  'ObjectFieldSelector selects an APIVersioned field of an object.',
);

/** Selects a container resource (`limits.cpu`, ...). */
export const ResourceFieldSelectorSchema = named(
  `${CORE}ResourceFieldSelector`,
  z.strictObject({ containerName: optString(), resource: optString(), divisor: QuantitySchema.optional() }),
  'ResourceFieldSelector represents container resources (cpu, memory) and their output format.',
);

/** An environment variable, given literally or taken from elsewhere. */
export const EnvVarSchema = named(
  `${CORE}EnvVar`,
  z.strictObject({
    name: optString(),
    value: optString(),
    valueFrom: z
      .strictObject({
        fieldRef: ObjectFieldSelectorSchema.optional(),
        resourceFieldRef: ResourceFieldSelectorSchema.optional(),
        configMapKeyRef: KeySelector('ConfigMapKeySelector').optional(),
        secretKeyRef: KeySelector('SecretKeySelector').optional(),
      })
      .optional(),
  }),
  'EnvVar represents an environment variable present in a Container.',
);
/** An environment variable. */
export type EnvVar = z.infer<typeof EnvVarSchema>;

const NameRef = (id: string) => named(`${CORE}${id}`, z.strictObject({ name: optString(), optional: optBool() }));

/** Imports every key of a ConfigMap or Secret as environment variables. */
export const EnvFromSourceSchema = named(
  `${CORE}EnvFromSource`,
  z.strictObject({
    prefix: optString(),
    configMapRef: NameRef('ConfigMapEnvSource').optional(),
    secretRef: NameRef('SecretEnvSource').optional(),
  }),
  'EnvFromSource represents the source of a set of ConfigMaps or Secrets.',
);

/** Requests and limits of compute resources. */
export const ResourceRequirementsSchema = named(
  `${CORE}ResourceRequirements`,
  z.strictObject({
    limits: ResourceListSchema.optional(),
    requests: ResourceListSchema.optional(),
    claims: optList(z.strictObject({ name: optString(), request: optString() })),
  }),
  'ResourceRequirements describes the compute resource requirements.',
);
/** Requests and limits of compute resources. */
export type ResourceRequirements = z.infer<typeof ResourceRequirementsSchema>;

/** Where a volume is mounted inside a container. */
export const VolumeMountSchema = named(
  `${CORE}VolumeMount`,
  z.strictObject({
    name: optString(),
    readOnly: optBool(),
    recursiveReadOnly: optString(),
    mountPath: optString(),
    subPath: optString(),
    mountPropagation: optString(),
    subPathExpr: optString(),
  }),
  'VolumeMount describes a mounting of a Volume within a container.',
);
/** Where a volume is mounted inside a container. */
export type VolumeMount = z.infer<typeof VolumeMountSchema>;

const ExecAction = named(`${CORE}ExecAction`, z.strictObject({ command: optStringList() }));

/** An HTTP GET a probe or hook performs. */
export const HTTPGetActionSchema = named(
  `${CORE}HTTPGetAction`,
  z.strictObject({
    path: optString(),
    port: IntOrStringSchema.optional(),
    host: optString(),
    scheme: optString(),
    httpHeaders: optList(named(`${CORE}HTTPHeader`, z.strictObject({ name: optString(), value: optString() }))),
  }),
  'HTTPGetAction describes an action based on HTTP Get requests.',
);

const TCPSocketAction = named(
  `${CORE}TCPSocketAction`,
  z.strictObject({ port: IntOrStringSchema.optional(), host: optString() }),
);

/** A liveness, readiness or startup probe. */
export const ProbeSchema = named(
  `${CORE}Probe`,
  z.strictObject({
    exec: ExecAction.optional(),
    httpGet: HTTPGetActionSchema.optional(),
    tcpSocket: TCPSocketAction.optional(),
    grpc: named(`${CORE}GRPCAction`, z.strictObject({ port: optInt32(), service: optString() })).optional(),
    initialDelaySeconds: optInt32(),
    timeoutSeconds: optInt32(),
    periodSeconds: optInt32(),
    successThreshold: optInt32(),
    failureThreshold: optInt32(),
    terminationGracePeriodSeconds: optInt64(),
  }),
  'Probe describes a health check to be performed against a container.',
);
/** A liveness, readiness or startup probe. */
export type Probe = z.infer<typeof ProbeSchema>;

/** A postStart or preStop hook. */
export const LifecycleHandlerSchema = named(
  `${CORE}LifecycleHandler`,
  z.strictObject({
    exec: ExecAction.optional(),
    httpGet: HTTPGetActionSchema.optional(),
    tcpSocket: TCPSocketAction.optional(),
    sleep: named(`${CORE}SleepAction`, z.strictObject({ seconds: optInt64() })).optional(),
  }),
  'LifecycleHandler defines a specific action that should be taken in a lifecycle hook.',
);

const Lifecycle = named(
  `${CORE}Lifecycle`,
  z.strictObject({ postStart: LifecycleHandlerSchema.optional(), preStop: LifecycleHandlerSchema.optional() }),
);

/** SELinux labels of a container or pod. */
export const SELinuxOptionsSchema = named(
  `${CORE}SELinuxOptions`,
  z.strictObject({ user: optString(), role: optString(), type: optString(), level: optString() }),
);

/** Windows-specific security options. */
export const WindowsSecurityContextOptionsSchema = named(
  `${CORE}WindowsSecurityContextOptions`,
  z.strictObject({
    gmsaCredentialSpecName: optString(),
    gmsaCredentialSpec: optString(),
    runAsUserName: optString(),
    hostProcess: optBool(),
  }),
);

/** A seccomp profile reference. */
export const SeccompProfileSchema = named(
  `${CORE}SeccompProfile`,
  z.strictObject({ type: optString(), localhostProfile: optString() }),
);

/** An AppArmor profile reference. */
export const AppArmorProfileSchema = named(
  `${CORE}AppArmorProfile`,
  z.strictObject({ type: optString(), localhostProfile: optString() }),
);

/** Security options of one container. */
export const SecurityContextSchema = named(
  `${CORE}SecurityContext`,
  z.strictObject({
    capabilities: named(
      `${CORE}Capabilities`,
      z.strictObject({ add: optStringList(), drop: optStringList() }),
    ).optional(),
    privileged: optBool(),
    seLinuxOptions: SELinuxOptionsSchema.optional(),
    windowsOptions: WindowsSecurityContextOptionsSchema.optional(),
    runAsUser: optInt64(),
    runAsGroup: optInt64(),
    runAsNonRoot: optBool(),
    readOnlyRootFilesystem: optBool(),
    allowPrivilegeEscalation: optBool(),
    procMount: optString(),
    seccompProfile: SeccompProfileSchema.optional(),
    appArmorProfile: AppArmorProfileSchema.optional(),
  }),
  'SecurityContext holds security configuration that will be applied to a container.',
);

const containerFields = {
  name: optString(),
  image: optString(),
  command: optStringList(),
  args: optStringList(),
  workingDir: optString(),
  ports: optList(ContainerPortSchema),
  envFrom: optList(EnvFromSourceSchema),
  env: optList(EnvVarSchema),
  resources: ResourceRequirementsSchema.optional(),
  resizePolicy: optList(
    named(`${CORE}ContainerResizePolicy`, z.strictObject({ resourceName: optString(), restartPolicy: optString() })),
  ),
  restartPolicy: optString(),
  volumeMounts: optList(VolumeMountSchema),
  volumeDevices: optList(named(`${CORE}VolumeDevice`, z.strictObject({ name: optString(), devicePath: optString() }))),
  livenessProbe: ProbeSchema.optional(),
  readinessProbe: ProbeSchema.optional(),
  startupProbe: ProbeSchema.optional(),
  lifecycle: Lifecycle.optional(),
  terminationMessagePath: optString(),
  terminationMessagePolicy: optString(),
  imagePullPolicy: optString(),
  securityContext: SecurityContextSchema.optional(),
  stdin: optBool(),
  stdinOnce: optBool(),
  tty: optBool(),
};

/** A container of a pod (regular or init). */
export const ContainerSchema = named(
  `${CORE}Container`,
  z.strictObject(containerFields),
  'A single application container that you want to run within a pod.',
);
/** A container of a pod (regular or init). */
export type Container = z.infer<typeof ContainerSchema>;

/** An ephemeral (debug) container: a container plus the container it targets. */
export const EphemeralContainerSchema = named(
  `${CORE}EphemeralContainer`,
  z.strictObject({ ...containerFields, targetContainerName: optString() }),
  'An EphemeralContainer is a temporary container that you may add to an existing Pod.',
);
/** An ephemeral (debug) container. */
export type EphemeralContainer = z.infer<typeof EphemeralContainerSchema>;
