/**
 * Defaulting of pods and pod templates, as Kubernetes' SetDefaults_* for core/v1
 * (pkg/apis/core/v1/defaults.go plus the declarative `+default` markers). Every function
 * here mutates the object it is given; the exported per-kind functions in index files
 * copy first.
 */
import type { Container, EnvVar, Probe } from '../schema/core-v1-container.js';
import type { Pod, PodSpec, PodTemplateSpec } from '../schema/core-v1-pod.js';
import type { PersistentVolumeClaim, Volume } from '../schema/core-v1-volume.js';

/** File mode 0644, the default for secret, configMap, downwardAPI and projected volumes. */
export const DEFAULT_VOLUME_MODE = 0o644;

/**
 * The tag Kubernetes derives from an image reference: an explicit tag, else `latest`
 * unless the reference pins a digest (then no tag). Empty references have no tag.
 */
export function imageTag(image: string): string {
  if (image.trim() === '') return '';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const colon = name.lastIndexOf(':');
  if (colon > name.lastIndexOf('/')) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** The default imagePullPolicy of an image: `Always` for `:latest` (or no tag), else `IfNotPresent`. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultHTTPGet(action: { path?: string | undefined; scheme?: string | undefined } | undefined): void {
  if (action === undefined) return;
  action.path ??= '/';
  if (!action.scheme) action.scheme = 'HTTP';
}

function defaultProbe(probe: Probe | undefined): void {
  if (probe === undefined) return;
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
  defaultHTTPGet(probe.httpGet);
}

function defaultEnv(env: EnvVar[] | undefined): void {
  for (const e of env ?? []) {
    const ref = e.valueFrom?.fieldRef;
    if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
  }
}

/** SetDefaults_Container plus the declarative port/probe/env defaults of one container. */
export function defaultContainer(ctr: Container): void {
  if (!ctr.imagePullPolicy) ctr.imagePullPolicy = defaultPullPolicy(ctr.image ?? '');
  if (!ctr.terminationMessagePath) ctr.terminationMessagePath = '/dev/termination-log';
  if (!ctr.terminationMessagePolicy) ctr.terminationMessagePolicy = 'File';
  ctr.resources ??= {};
  for (const port of ctr.ports ?? []) if (!port.protocol) port.protocol = 'TCP';
  defaultProbe(ctr.livenessProbe);
  defaultProbe(ctr.readinessProbe);
  defaultProbe(ctr.startupProbe);
  defaultHTTPGet(ctr.lifecycle?.postStart?.httpGet);
  defaultHTTPGet(ctr.lifecycle?.preStop?.httpGet);
  defaultEnv(ctr.env);
}

/** SetDefaults_PersistentVolumeClaim(Spec): volumeMode Filesystem, status.phase Pending. */
export function defaultPersistentVolumeClaim(pvc: PersistentVolumeClaim): void {
  pvc.spec ??= {};
  pvc.spec.volumeMode ??= 'Filesystem';
  pvc.status ??= {};
  pvc.status.phase ??= 'Pending';
}

function defaultVolume(vol: Volume): void {
  const sources = Object.keys(vol).filter((k) => k !== 'name');
  if (sources.length === 0) vol.emptyDir = {};
  if (vol.secret) vol.secret.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (vol.configMap) vol.configMap.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (vol.downwardAPI) vol.downwardAPI.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (vol.hostPath) vol.hostPath.type ??= '';
  if (vol.projected) {
    vol.projected.defaultMode ??= DEFAULT_VOLUME_MODE;
    for (const src of vol.projected.sources ?? []) {
      if (src.serviceAccountToken) src.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  for (const item of [
    ...(vol.downwardAPI?.items ?? []),
    ...(vol.projected?.sources ?? []).flatMap((s) => s.downwardAPI?.items ?? []),
  ]) {
    if (item.fieldRef && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = 'v1';
  }
  const claim = vol.ephemeral?.volumeClaimTemplate;
  if (claim) {
    claim.spec ??= {};
    claim.spec.volumeMode ??= 'Filesystem';
  }
}

/** SetDefaults_PodSpec and everything nested in it (containers, volumes); shared by pods and templates. */
export function defaultPodSpec(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  for (const vol of spec.volumes ?? []) defaultVolume(vol);
  for (const ctr of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    defaultContainer(ctr);
  }
}

/** Defaults a pod template (workload controllers): the PodSpec defaults only. */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): void {
  if (template === undefined) return;
  template.spec ??= {};
  defaultPodSpec(template.spec);
}

function requestsFromLimits(containers: Container[] | undefined): void {
  for (const ctr of containers ?? []) {
    const limits = ctr.resources?.limits;
    if (!limits || !ctr.resources) continue;
    ctr.resources.requests ??= {};
    for (const [key, value] of Object.entries(limits)) ctr.resources.requests[key] ??= value;
  }
}

function defaultHostNetworkPorts(containers: Container[] | undefined): void {
  for (const ctr of containers ?? [])
    for (const port of ctr.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
}

/**
 * SetDefaults_Pod + SetDefaults_PodSpec: requests default to limits, enableServiceLinks
 * true, host-network ports get hostPort, then every PodSpec default. Mutates `pod`.
 */
export function defaultPodInPlace(pod: Pod): void {
  pod.spec ??= {};
  const spec = pod.spec;
  requestsFromLimits(spec.containers);
  requestsFromLimits(spec.initContainers);
  spec.enableServiceLinks ??= true;
  if (spec.hostNetwork) {
    defaultHostNetworkPorts(spec.containers);
    defaultHostNetworkPorts(spec.initContainers);
  }
  defaultPodSpec(spec);
}
