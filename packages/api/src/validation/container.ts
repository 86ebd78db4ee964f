/** Container validation (ports, env, mounts, pull policy, resources, probes), as Kubernetes' validateContainerCommon. */
import { isDNS1123Label } from '@wheelhouse/machinery';
import type { Container, ContainerPort, EnvVar, Probe, VolumeMount } from '../schema/core-v1-container.js';
import { duplicate, forbidden, invalid, notFound, notSupported, required, type FieldError } from './field-errors.js';
import { validateResourceRequirements } from './resources.js';
import { isRelaxedEnvVarName, isValidPortName, isValidPortNum } from './strings.js';

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const TERMINATION_MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];

function validatePort(port: ContainerPort, path: string, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (port.name) {
    const msgs = isValidPortName(port.name);
    for (const msg of msgs) errs.push(invalid(`${path}.name`, port.name, msg));
    if (msgs.length === 0 && names.has(port.name)) errs.push(duplicate(`${path}.name`, port.name));
    names.add(port.name);
  }
  if (!port.containerPort) errs.push(required(`${path}.containerPort`));
  else
    for (const msg of isValidPortNum(port.containerPort))
      errs.push(invalid(`${path}.containerPort`, port.containerPort, msg));
  if (port.hostPort)
    for (const msg of isValidPortNum(port.hostPort)) errs.push(invalid(`${path}.hostPort`, port.hostPort, msg));
  if (!port.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  return errs;
}

function validatePorts(ports: ContainerPort[] | undefined, path: string): FieldError[] {
  const names = new Set<string>();
  return (ports ?? []).flatMap((port, i) => validatePort(port, `${path}[${i}]`, names));
}

function validateEnvVar(env: EnvVar, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = env.name ?? '';
  if (name === '') errs.push(required(`${path}.name`));
  for (const msg of isRelaxedEnvVarName(name)) errs.push(invalid(`${path}.name`, name, msg));
  const from = env.valueFrom;
  if (from !== undefined) {
    const sources = Object.values(from).filter((v) => v !== undefined).length;
    if (sources === 0)
      errs.push(
        invalid(
          `${path}.valueFrom`,
          '',
          'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        ),
      );
    if (sources > 1)
      errs.push(invalid(`${path}.valueFrom`, '', 'may not have more than one field specified at a time'));
    if (env.value) errs.push(invalid(`${path}.valueFrom`, '', 'may not be specified when `value` is not empty'));
  }
  return errs;
}

function validateMounts(mounts: VolumeMount[] | undefined, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (mounts ?? []).forEach((m, i) => {
    const p = `${path}[${i}]`;
    if (!m.name) errs.push(required(`${p}.name`));
    if (!volumes.has(m.name ?? '')) errs.push(notFound(`${p}.name`, m.name ?? ''));
    if (!m.mountPath) errs.push(required(`${p}.mountPath`));
    if (seen.has(m.mountPath ?? '')) errs.push(invalid(`${p}.mountPath`, m.mountPath ?? '', 'must be unique'));
    seen.add(m.mountPath ?? '');
  });
  return errs;
}

function validateProbe(probe: Probe | undefined, path: string, readiness: boolean): FieldError[] {
  if (probe === undefined) return [];
  const errs: FieldError[] = [];
  const handlers = [probe.exec, probe.httpGet, probe.tcpSocket, probe.grpc].filter((h) => h !== undefined).length;
  if (handlers === 0) errs.push(required(path, 'must specify a handler type'));
  if (handlers > 1) errs.push(forbidden(path, 'may not specify more than 1 handler type'));
  const nonNegative = [
    'initialDelaySeconds',
    'timeoutSeconds',
    'periodSeconds',
    'successThreshold',
    'failureThreshold',
  ] as const;
  for (const key of nonNegative) {
    const v = probe[key];
    if (v !== undefined && v < 0) errs.push(invalid(`${path}.${key}`, v, 'must be greater than or equal to 0'));
  }
  if (!readiness && probe.successThreshold !== undefined && probe.successThreshold !== 1) {
    errs.push(invalid(`${path}.successThreshold`, probe.successThreshold, 'must be 1'));
  }
  return errs;
}

function validatePullPolicy(policy: string | undefined, path: string): FieldError[] {
  if (!policy) return [required(path)];
  return PULL_POLICIES.includes(policy) ? [] : [notSupported(path, policy, PULL_POLICIES)];
}

function validateTerminationMessagePolicy(policy: string | undefined, path: string): FieldError[] {
  if (!policy) return [required(path)];
  return TERMINATION_MESSAGE_POLICIES.includes(policy)
    ? []
    : [notSupported(path, policy, TERMINATION_MESSAGE_POLICIES)];
}

/** Checks every container kind shares: name, image, ports, env, mounts, pull and message policies, resources. */
export function validateContainerCommon(ctr: Container, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!ctr.name) errs.push(required(`${path}.name`));
  else for (const msg of isDNS1123Label(ctr.name)) errs.push(invalid(`${path}.name`, ctr.name, msg));
  if (!ctr.image) errs.push(required(`${path}.image`));
  errs.push(...validateTerminationMessagePolicy(ctr.terminationMessagePolicy, `${path}.terminationMessagePolicy`));
  errs.push(...validatePorts(ctr.ports, `${path}.ports`));
  errs.push(...(ctr.env ?? []).flatMap((env, i) => validateEnvVar(env, `${path}.env[${i}]`)));
  errs.push(...validateMounts(ctr.volumeMounts, volumes, `${path}.volumeMounts`));
  errs.push(...validatePullPolicy(ctr.imagePullPolicy, `${path}.imagePullPolicy`));
  errs.push(...validateResourceRequirements(ctr.resources, `${path}.resources`));
  return errs;
}

/** Validates `spec.containers`: required, common checks, unique names, probes, no restartPolicy. */
export function validateContainers(
  containers: Container[] | undefined,
  volumes: ReadonlySet<string>,
  path: string,
): FieldError[] {
  if (!containers || containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((ctr, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(ctr, volumes, p));
    if (names.has(ctr.name ?? '')) errs.push(duplicate(`${p}.name`, ctr.name ?? ''));
    names.add(ctr.name ?? '');
    errs.push(...validateProbe(ctr.livenessProbe, `${p}.livenessProbe`, false));
    errs.push(...validateProbe(ctr.readinessProbe, `${p}.readinessProbe`, true));
    errs.push(...validateProbe(ctr.startupProbe, `${p}.startupProbe`, false));
    if (ctr.restartPolicy !== undefined)
      errs.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
  });
  return errs;
}

/**
 * Validates `spec.initContainers`: common checks, names unique across init and regular
 * containers, `restartPolicy` only `Always` (sidecars), probes only on sidecars.
 */
export function validateInitContainers(
  inits: Container[] | undefined,
  containers: Container[] | undefined,
  volumes: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((containers ?? []).map((c) => c.name ?? ''));
  (inits ?? []).forEach((ctr, i) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(ctr, volumes, p));
    if (names.has(ctr.name ?? '')) errs.push(duplicate(`${p}.name`, ctr.name ?? ''));
    names.add(ctr.name ?? '');
    const sidecar = ctr.restartPolicy === 'Always';
    if (ctr.restartPolicy !== undefined && !sidecar)
      errs.push(notSupported(`${p}.restartPolicy`, ctr.restartPolicy, ['Always']));
    if (!sidecar) {
      for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'] as const) {
        if (ctr[probe] !== undefined)
          errs.push(forbidden(`${p}.${probe}`, 'may not be set for init containers without restartPolicy=Always'));
      }
    }
  });
  return errs;
}
