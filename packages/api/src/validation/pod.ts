/** PodSpec and Pod validation, as Kubernetes' ValidatePodSpec / ValidatePodCreate. */
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  nameIsDNSSubdomain,
} from '@wheelhouse/machinery';
import type { Pod, PodSpec } from '../schema/core-v1-pod.js';
import type { Toleration } from '../schema/core-v1-scheduling.js';
import type { Volume } from '../schema/core-v1-volume.js';
import { VOLUME_SOURCE_FIELDS } from '../schema/core-v1-volume.js';
import { validateContainers, validateInitContainers } from './container.js';
import { validateEphemeralContainers } from './ephemeral-containers.js';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateLabels, validateObjectMeta } from './meta.js';
import { quantityOf, validateResourceRequirements } from './resources.js';

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const PREEMPTION_POLICIES = ['PreemptLowerPriority', 'Never'];
const MAX_INT32 = 2147483647;

function validateVolumeSource(vol: Volume, path: string): FieldError[] {
  const present = VOLUME_SOURCE_FIELDS.filter((f) => (vol as Record<string, unknown>)[f] !== undefined);
  const errs: FieldError[] = [];
  if ((quantityOf(vol.emptyDir?.sizeLimit)?.sign() ?? 0) < 0)
    errs.push(forbidden(`${path}.emptyDir.sizeLimit`, 'SizeLimit field must be a valid resource quantity'));
  errs.push(...present.slice(1).map((f) => forbidden(`${path}.${f}`, 'may not specify more than 1 volume type')));
  if (present.length === 0) errs.push(required(path, 'must specify a volume type'));
  if (vol.hostPath && !vol.hostPath.path) errs.push(required(`${path}.hostPath.path`));
  if (vol.configMap && !vol.configMap.name) errs.push(required(`${path}.configMap.name`));
  if (vol.secret && !vol.secret.secretName) errs.push(required(`${path}.secret.secretName`));
  if (vol.persistentVolumeClaim && !vol.persistentVolumeClaim.claimName) {
    errs.push(required(`${path}.persistentVolumeClaim.claimName`));
  }
  return errs;
}

/** Validates `spec.volumes` and returns the names of the valid ones (for volumeMounts). */
export function validateVolumes(
  volumes: Volume[] | undefined,
  path: string,
): { names: Set<string>; errors: FieldError[] } {
  const names = new Set<string>();
  const errors: FieldError[] = [];
  (volumes ?? []).forEach((vol, i) => {
    const p = `${path}[${i}]`;
    const errs = validateVolumeSource(vol, p);
    if (!vol.name) errs.push(required(`${p}.name`));
    else errs.push(...isDNS1123Label(vol.name).map((m) => invalid(`${p}.name`, vol.name ?? '', m)));
    if (names.has(vol.name ?? '')) errs.push(duplicate(`${p}.name`, vol.name ?? ''));
    if (errs.length === 0) names.add(vol.name ?? '');
    errors.push(...errs);
  });
  return { names, errors };
}

function validateEnum(value: string | undefined, path: string, allowed: readonly string[]): FieldError[] {
  if (!value) return [required(path)];
  return allowed.includes(value) ? [] : [notSupported(path, value, allowed)];
}

function validateToleration(t: Toleration, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (t.key) errs.push(...isQualifiedName(t.key).map((m) => invalid(`${path}.key`, t.key ?? '', m)));
  if (!t.key && t.operator !== 'Exists') {
    errs.push(
      invalid(
        `${path}.operator`,
        t.operator ?? '',
        'operator must be Exists when `key` is empty, which means "match all values and all keys"',
      ),
    );
  }
  if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
    errs.push(invalid(`${path}.effect`, t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
  }
  if (t.operator === undefined || t.operator === '' || t.operator === 'Equal') {
    const msgs = isValidLabelValue(t.value ?? '');
    if (msgs.length > 0) errs.push(invalid(`${path}.operator`, t.value ?? '', msgs.join(';')));
  } else if (t.operator === 'Exists') {
    if (t.value)
      errs.push(
        invalid(
          `${path}.operator`,
          { goSyntax: 'core.Toleration{...}' },
          "value must be empty when `operator` is 'Exists'",
        ),
      );
  } else {
    errs.push(notSupported(`${path}.operator`, t.operator, ['Equal', 'Exists']));
  }
  if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${path}.effect`, t.effect, TAINT_EFFECTS));
  return errs;
}

/** Validates a list of tolerations. */
export function validateTolerations(tolerations: Toleration[] | undefined, path: string): FieldError[] {
  return (tolerations ?? []).flatMap((t, i) => validateToleration(t, `${path}[${i}]`));
}

function validateNames(spec: PodSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const check = (field: keyof PodSpec, fn: (v: string) => string[]) => {
    const value = spec[field];
    if (typeof value === 'string' && value !== '')
      for (const m of fn(value)) errs.push(invalid(`${path}.${field}`, value, m));
  };
  check('serviceAccountName', isDNS1123Subdomain);
  check('nodeName', isDNS1123Subdomain);
  check('hostname', isDNS1123Label);
  check('subdomain', isDNS1123Label);
  check('priorityClassName', isDNS1123Subdomain);
  check('runtimeClassName', isDNS1123Subdomain);
  return errs;
}

function validateDeadline(spec: PodSpec, path: string): FieldError[] {
  const v = spec.activeDeadlineSeconds;
  if (v === undefined || (v >= 1 && v <= MAX_INT32)) return [];
  return [invalid(`${path}.activeDeadlineSeconds`, v, `must be between 1 and ${MAX_INT32}, inclusive`)];
}

/**
 * Validates a PodSpec found at `path` (`spec` for pods, `spec.template.spec` for templates).
 * `addedVolumes` names volumes the pods will get beyond `spec.volumes` (a StatefulSet's
 * volumeClaimTemplates), which volumeMounts may name too.
 */
export function validatePodSpec(
  spec: PodSpec | undefined,
  path: string,
  addedVolumes: ReadonlySet<string> = new Set(),
): FieldError[] {
  const s = spec ?? {};
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined) errs.push(required(`${path}.terminationGracePeriodSeconds`));
  const vols = validateVolumes(s.volumes, `${path}.volumes`);
  errs.push(...vols.errors);
  const names = new Set([...vols.names, ...addedVolumes]);
  errs.push(...validateContainers(s.containers, names, `${path}.containers`));
  errs.push(...validateInitContainers(s.initContainers, s.containers, names, `${path}.initContainers`));
  errs.push(
    ...validateEphemeralContainers(
      s.ephemeralContainers,
      s.containers,
      s.initContainers,
      names,
      `${path}.ephemeralContainers`,
    ),
  );
  errs.push(...validateEnum(s.restartPolicy, `${path}.restartPolicy`, RESTART_POLICIES));
  errs.push(...validateEnum(s.dnsPolicy, `${path}.dnsPolicy`, DNS_POLICIES));
  errs.push(...validateLabels(s.nodeSelector, `${path}.nodeSelector`));
  errs.push(...validateNames(s, path));
  errs.push(...validateDeadline(s, path));
  errs.push(...validateTolerations(s.tolerations, `${path}.tolerations`));
  if (s.preemptionPolicy !== undefined)
    errs.push(...validateEnum(s.preemptionPolicy, `${path}.preemptionPolicy`, PREEMPTION_POLICIES));
  (s.readinessGates ?? []).forEach((g, i) => {
    for (const m of isQualifiedName(g.conditionType ?? ''))
      errs.push(invalid(`${path}.readinessGates[${i}].conditionType`, g.conditionType ?? '', m));
  });
  // Kubernetes checks the overhead as the limits of a container (validateOverhead).
  if (Object.keys(s.overhead ?? {}).length > 0)
    errs.push(...validateResourceRequirements({ limits: s.overhead }, `${path}.overhead`));
  return errs;
}

/** Validates a pod on create: metadata (subdomain name, namespaced) and spec; no ephemeral containers. */
export function validatePod(pod: Pod): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, true, nameIsDNSSubdomain);
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  if ((pod.spec?.ephemeralContainers ?? []).length > 0)
    errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  return errs;
}
