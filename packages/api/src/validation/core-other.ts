/** core/v1 validation of Namespace, Node, ConfigMap, Secret, ServiceAccount, Event and Binding. */
import { isQualifiedName, isValidLabelValue, nameIsDNSLabel, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { Binding } from '../schema/core-v1-pod.js';
import type { ConfigMap, Event, Namespace, Secret, ServiceAccount } from '../schema/core-v1-config.js';
import type { Node, Taint } from '../schema/core-v1-node.js';
import { semanticEqual } from '../util/json.js';
import { duplicate, forbidden, invalid, notSupported, required, tooLong, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { validateResourceQuantities } from './resources.js';
import { isConfigMapKey } from './strings.js';

const MAX_DATA_SIZE = 1024 * 1024;
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function withMetaUpdate<T extends { metadata?: unknown }>(create: (o: T) => FieldError[]) {
  return (next: T, old: T): FieldError[] => [
    ...validateObjectMetaUpdate((next as { metadata?: never }).metadata, (old as { metadata?: never }).metadata),
    ...create(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
}

/** Validates a Namespace (names are RFC 1123 labels, cluster-scoped). */
export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(ns.metadata, false, nameIsDNSLabel);
  (ns.spec?.finalizers ?? []).forEach((f) => {
    for (const m of isQualifiedName(f)) errs.push(invalid('spec.finalizers', f, m));
  });
  return errs;
}

/** Validates a Namespace update. */
export const validateNamespaceUpdate = withMetaUpdate(validateNamespace);

function validateTaints(taints: Taint[] | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (taints ?? []).forEach((t, i) => {
    const p = `spec.taints[${i}]`;
    for (const m of isQualifiedName(t.key ?? '')) errs.push(invalid(`${p}.key`, t.key ?? '', m));
    for (const m of isValidLabelValue(t.value ?? '')) errs.push(invalid(`${p}.value`, t.value ?? '', m));
    if (!t.effect) errs.push(required(`${p}.effect`));
    else if (!TAINT_EFFECTS.includes(t.effect)) errs.push(notSupported(`${p}.effect`, t.effect, TAINT_EFFECTS));
    const key = `${t.key}:${t.effect}`;
    if (seen.has(key))
      errs.push(
        duplicate(p, {
          goSyntax: `core.Taint{Key:${JSON.stringify(t.key ?? '')}, Value:${JSON.stringify(t.value ?? '')}, Effect:${JSON.stringify(t.effect ?? '')}}`,
        }),
      );
    seen.add(key);
  });
  return errs;
}

/** Validates a Node (subdomain name, cluster-scoped, taints, capacity and allocatable quantities). */
export function validateNode(node: Node): FieldError[] {
  return [
    ...validateObjectMeta(node.metadata, false, nameIsDNSSubdomain),
    ...validateTaints(node.spec?.taints),
    ...validateResourceQuantities(node.status?.capacity, 'status.capacity'),
    ...validateResourceQuantities(node.status?.allocatable, 'status.allocatable'),
  ];
}

/** Validates a Node update: podCIDR(s) and providerID may only go from unset to set. */
export function validateNodeUpdate(next: Node, old: Node): FieldError[] {
  const errs = withMetaUpdate(validateNode)(next, old);
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  if (oldCIDRs.length > 0 && !semanticEqual(oldCIDRs, next.spec?.podCIDRs)) {
    errs.push(forbidden('spec.podCIDRs', 'node updates may not change podCIDR except from "" to valid'));
  }
  if (old.spec?.providerID && old.spec.providerID !== next.spec?.providerID) {
    errs.push(forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}

function validateDataKeys(
  data: Record<string, string> | undefined,
  field: string,
  other: Record<string, string> | undefined,
  otherField: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of Object.keys(data ?? {})) {
    for (const m of isConfigMapKey(key)) errs.push(invalid(`${field}[${key}]`, key, m));
    if (other && Object.hasOwn(other, key))
      errs.push(invalid(`${field}[${key}]`, key, `duplicate of key present in ${otherField}`));
  }
  return errs;
}

function dataSize(...maps: (Record<string, string> | undefined)[]): number {
  return maps.reduce((n, m) => n + Object.values(m ?? {}).reduce((k, v) => k + v.length, 0), 0);
}

/** Validates a ConfigMap: key syntax, no key in both data and binaryData, 1 MiB total. */
export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateDataKeys(cm.data, 'data', undefined, ''));
  errs.push(...validateDataKeys(cm.binaryData, 'binaryData', cm.data, 'data'));
  if (dataSize(cm.data, cm.binaryData) > MAX_DATA_SIZE) errs.push(tooLong('', MAX_DATA_SIZE));
  return errs;
}

function immutableData(
  next: { immutable?: boolean | undefined; data?: unknown; binaryData?: unknown },
  old: typeof next,
): FieldError[] {
  if (old.immutable !== true) return [];
  const errs: FieldError[] = [];
  if (next.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  if (!semanticEqual(next.data, old.data)) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
  if (!semanticEqual(next.binaryData, old.binaryData))
    errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  return errs;
}

/** Validates a ConfigMap update (immutable ConfigMaps keep their data). */
export function validateConfigMapUpdate(next: ConfigMap, old: ConfigMap): FieldError[] {
  return [...withMetaUpdate(validateConfigMap)(next, old), ...immutableData(next, old)];
}

function validateSecretType(secret: Secret): FieldError[] {
  const data = secret.data ?? {};
  const need = (key: string) => (Object.hasOwn(data, key) ? [] : [required(`data[${key}]`)]);
  switch (secret.type) {
    case 'kubernetes.io/tls':
      return [...need('tls.crt'), ...need('tls.key')];
    case 'kubernetes.io/dockerconfigjson':
      return need('.dockerconfigjson');
    case 'kubernetes.io/dockercfg':
      return need('.dockercfg');
    case 'kubernetes.io/ssh-auth':
      return need('ssh-privatekey');
    case 'kubernetes.io/service-account-token':
      return secret.metadata?.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [required('metadata.annotations[kubernetes.io/service-account.name]')];
    default:
      return [];
  }
}

/** Validates a Secret: key syntax, 1 MiB total, per-type required keys. */
export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateDataKeys(secret.data, 'data', undefined, ''));
  if (dataSize(secret.data) > MAX_DATA_SIZE) errs.push(tooLong('data', MAX_DATA_SIZE));
  errs.push(...validateSecretType(secret));
  return errs;
}

/** Validates a Secret update: type immutable, immutable Secrets keep their data. */
export function validateSecretUpdate(next: Secret, old: Secret): FieldError[] {
  const errs = [...withMetaUpdate(validateSecret)(next, old), ...immutableData(next, old)];
  if ((next.type ?? '') !== (old.type ?? '')) errs.push(invalid('type', next.type ?? '', 'field is immutable'));
  return errs;
}

/** Validates a ServiceAccount. */
export function validateServiceAccount(sa: ServiceAccount): FieldError[] {
  return validateObjectMeta(sa.metadata, true, nameIsDNSSubdomain);
}

/** Validates a ServiceAccount update. */
export const validateServiceAccountUpdate = withMetaUpdate(validateServiceAccount);

/** Validates a core/v1 Event: its involvedObject namespace must match its own. */
export function validateEvent(ev: Event): FieldError[] {
  const errs = validateObjectMeta(ev.metadata, true, nameIsDNSSubdomain);
  const involvedNs = ev.involvedObject?.namespace;
  if (involvedNs && ev.metadata?.namespace && involvedNs !== ev.metadata.namespace) {
    errs.push(invalid('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  }
  return errs;
}

/** Validates an Event update. */
export const validateEventUpdate = withMetaUpdate(validateEvent);

/** Validates a Binding (pods/binding): target kind Node (or empty) and a target name. */
export function validateBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? '';
  if (kind !== '' && kind !== 'Node') errs.push(notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!binding.target?.name) errs.push(required('target.name'));
  return errs;
}
