/**
 * Validation of storage.k8s.io/v1 StorageClass and core/v1 PersistentVolume and
 * PersistentVolumeClaim, with kube-apiserver's field errors and texts
 * (pkg/apis/storage/validation and pkg/apis/core/validation).
 */
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import { PERSISTENT_VOLUME_SOURCE_FIELDS } from '../schema/core-v1-persistentvolume.js';
import type { PersistentVolume, PersistentVolumeSpec } from '../schema/core-v1-persistentvolume.js';
import type { PersistentVolumeClaim } from '../schema/core-v1-volume.js';
import type { StorageClass } from '../schema/storage-v1.js';
import { semanticEqual } from '../util/json.js';
import { forbidden, invalid, notSupported, required, tooLong, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { quantityOf } from './resources.js';
import { validateLabelSelector } from './template.js';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
const PV_RECLAIM_POLICIES = ['Delete', 'Recycle', 'Retain'];
const CLASS_RECLAIM_POLICIES = ['Delete', 'Retain'];
const BINDING_MODES = ['Immediate', 'WaitForFirstConsumer'];
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;

function validateAccessModes(modes: readonly string[] | undefined, path: string, detail: string): FieldError[] {
  const list = modes ?? [];
  if (list.length === 0) return [required(path, detail)];
  const errs = list.filter((m) => !ACCESS_MODES.includes(m)).map((m) => notSupported(path, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.some((m) => m !== 'ReadWriteOncePod'))
    errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

function validateClassName(name: string | undefined, path: string): FieldError[] {
  if (!name) return [];
  return isDNS1123Subdomain(name).map((m) => invalid(path, name, m));
}

function validateVolumeMode(mode: string | undefined, path: string): FieldError[] {
  return mode !== undefined && !VOLUME_MODES.includes(mode) ? [notSupported(path, mode, VOLUME_MODES)] : [];
}

/** ValidatePositiveQuantityValue: the canonical value is quoted, as Quantity.String() prints it. */
function positiveQuantity(value: string | number | undefined, path: string): FieldError[] {
  const q = quantityOf(value);
  if (q === undefined || q.sign() > 0) return [];
  return [invalid(path, q.toString(), 'must be greater than zero')];
}

/** ValidateStorageClass: name, provisioner (a qualified name), parameters, reclaim policy, binding mode. */
export function validateStorageClass(sc: StorageClass): FieldError[] {
  const errs = validateObjectMeta(sc.metadata, false, nameIsDNSSubdomain);
  const provisioner = sc.provisioner ?? '';
  if (provisioner === '') errs.push(required('provisioner'));
  else errs.push(...isQualifiedName(provisioner.toLowerCase()).map((m) => invalid('provisioner', provisioner, m)));
  const params = Object.entries(sc.parameters ?? {});
  if (params.length > MAX_PARAMETERS) errs.push(tooLong('parameters', MAX_PARAMETERS));
  else {
    for (const [k] of params) if (k === '') errs.push(invalid('parameters', k, 'field can not be empty.'));
    if (params.reduce((n, [k, v]) => n + k.length + v.length, 0) > MAX_PARAMETERS_SIZE)
      errs.push(tooLong('parameters', MAX_PARAMETERS_SIZE));
  }
  if (sc.reclaimPolicy && !CLASS_RECLAIM_POLICIES.includes(sc.reclaimPolicy))
    errs.push(notSupported('reclaimPolicy', sc.reclaimPolicy, CLASS_RECLAIM_POLICIES));
  if (sc.volumeBindingMode === undefined) errs.push(required('volumeBindingMode'));
  else if (!BINDING_MODES.includes(sc.volumeBindingMode))
    errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, BINDING_MODES));
  return errs;
}

/** ValidateStorageClassUpdate: parameters, provisioner and reclaimPolicy are forbidden to change; volumeBindingMode is immutable. */
export function validateStorageClassUpdate(next: StorageClass, old: StorageClass): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, old.metadata);
  if (!semanticEqual(next.parameters ?? {}, old.parameters ?? {}))
    errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if (next.provisioner !== old.provisioner)
    errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if (next.reclaimPolicy !== old.reclaimPolicy)
    errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  if (next.volumeBindingMode !== old.volumeBindingMode)
    errs.push(invalid('volumeBindingMode', next.volumeBindingMode ?? '', 'field is immutable'));
  return errs;
}

function validateCapacity(capacity: Record<string, string | number> | undefined): FieldError[] {
  const entries = Object.entries(capacity ?? {});
  const errs: FieldError[] = [];
  if (entries.length === 0) errs.push(required('spec.capacity'));
  if (capacity?.storage === undefined || entries.length > 1)
    errs.push(notSupported('spec.capacity', entries.map(([k, v]) => `${k}:${v}`).join(','), ['storage']));
  for (const [name, value] of entries) {
    const path = `spec.capacity[${name}]`;
    const q = quantityOf(value);
    // validateBasicResource, then ValidatePositiveQuantityValue.
    if (q !== undefined && q.sign() < 0) errs.push(invalid(path, q.value(), 'must be a valid resource quantity'));
    errs.push(...positiveQuantity(value, path));
  }
  return errs;
}

function validateVolumeSources(spec: PersistentVolumeSpec): FieldError[] {
  const present = PERSISTENT_VOLUME_SOURCE_FIELDS.filter((f) => (spec as Record<string, unknown>)[f] !== undefined);
  const errs = present.slice(1).map((f) => forbidden(`spec.${f}`, 'may not specify more than 1 volume type'));
  if (present.length === 0) errs.push(required('spec', 'must specify a volume type'));
  if (spec.hostPath && !spec.hostPath.path) errs.push(required('spec.hostPath.path'));
  if (spec.local && !spec.local.path) errs.push(required('spec.local.path'));
  if (spec.local && spec.nodeAffinity === undefined)
    errs.push(required('spec.nodeAffinity', 'Local volume requires node affinity'));
  if (spec.csi && !spec.csi.driver) errs.push(required('spec.csi.driver'));
  if (spec.csi && !spec.csi.volumeHandle) errs.push(required('spec.csi.volumeHandle'));
  return errs;
}

function validateNodeAffinity(spec: PersistentVolumeSpec): FieldError[] {
  const affinity = spec.nodeAffinity;
  if (affinity === undefined) return [];
  if (affinity.required === undefined)
    return [required('spec.nodeAffinity.required', 'must specify required node constraints')];
  if ((affinity.required.nodeSelectorTerms ?? []).length === 0)
    return [required('spec.nodeAffinity.required.nodeSelectorTerms', 'must have at least one node selector term')];
  return [];
}

/** ValidatePersistentVolume: access modes, capacity, class name, volume mode, reclaim policy, exactly one source. */
export function validatePersistentVolume(pv: PersistentVolume): FieldError[] {
  const errs = validateObjectMeta(pv.metadata, false, nameIsDNSSubdomain);
  const spec = pv.spec ?? {};
  errs.push(...validateAccessModes(spec.accessModes, 'spec.accessModes', ''));
  errs.push(...validateCapacity(spec.capacity));
  errs.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  errs.push(...validateVolumeMode(spec.volumeMode, 'spec.volumeMode'));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy && !PV_RECLAIM_POLICIES.includes(policy))
    errs.push(notSupported('spec.persistentVolumeReclaimPolicy', policy, PV_RECLAIM_POLICIES));
  errs.push(...validateNodeAffinity(spec));
  errs.push(...validateVolumeSources(spec));
  return errs;
}

function sourceOf(spec: PersistentVolumeSpec | undefined): Record<string, unknown> {
  const s = (spec ?? {}) as Record<string, unknown>;
  return Object.fromEntries(PERSISTENT_VOLUME_SOURCE_FIELDS.filter((f) => s[f] !== undefined).map((f) => [f, s[f]]));
}

/** ValidatePersistentVolumeUpdate: the volume source, volumeMode and a set nodeAffinity are immutable. */
export function validatePersistentVolumeUpdate(next: PersistentVolume, old: PersistentVolume): FieldError[] {
  const errs = [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validatePersistentVolume(next)];
  if (!semanticEqual(sourceOf(next.spec), sourceOf(old.spec)))
    errs.push(forbidden('spec.persistentvolumesource', 'spec.persistentvolumesource is immutable after creation'));
  if (next.spec?.volumeMode !== old.spec?.volumeMode)
    errs.push(invalid('volumeMode', next.spec?.volumeMode ?? '', 'field is immutable'));
  if (old.spec?.nodeAffinity !== undefined && !semanticEqual(next.spec?.nodeAffinity, old.spec.nodeAffinity))
    errs.push(invalid('nodeAffinity', null, 'field is immutable'));
  return errs;
}

/** ValidatePersistentVolumeClaim: access modes, a positive storage request, selector, class name, volume mode. */
export function validatePersistentVolumeClaim(pvc: PersistentVolumeClaim): FieldError[] {
  const errs = validateObjectMeta(pvc.metadata, true, nameIsDNSSubdomain);
  const spec = pvc.spec ?? {};
  errs.push(...validateAccessModes(spec.accessModes, 'spec.accessModes', 'at least 1 access mode is required'));
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(required('spec.resources[storage]'));
  else errs.push(...positiveQuantity(storage, 'spec.resources[storage]'));
  errs.push(...validateClassName(spec.storageClassName, 'spec.storageClassName'));
  errs.push(...validateVolumeMode(spec.volumeMode, 'spec.volumeMode'));
  return errs;
}

/**
 * ValidatePersistentVolumeClaimUpdate: the spec is immutable, except that the controller may
 * set volumeName once and a bound claim's storage request may grow (not below status.capacity).
 */
export function validatePersistentVolumeClaimUpdate(
  next: PersistentVolumeClaim,
  old: PersistentVolumeClaim,
): FieldError[] {
  const errs = [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validatePersistentVolumeClaim(next)];
  const n = structuredClone(next.spec ?? {});
  const o = structuredClone(old.spec ?? {});
  if (!o.volumeName && n.volumeName !== undefined) o.volumeName = n.volumeName;
  const bound = next.status?.phase === 'Bound';
  if (bound && n.resources?.requests) {
    const oldStorage = o.resources?.requests?.storage;
    if (oldStorage === undefined) delete n.resources.requests.storage;
    else n.resources.requests.storage = oldStorage;
  }
  if (bound) n.volumeAttributesClassName = o.volumeAttributesClassName;
  if (n.volumeAttributesClassName === undefined) delete n.volumeAttributesClassName;
  if (!semanticEqual(n, o))
    errs.push(
      forbidden(
        'spec',
        'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims',
      ),
    );
  const newSize = quantityOf(next.spec?.resources?.requests?.storage);
  const oldSize = quantityOf(old.spec?.resources?.requests?.storage);
  const statusSize = quantityOf(old.status?.capacity?.storage) ?? quantityOf('0');
  if (newSize && oldSize && statusSize && newSize.cmp(oldSize) < 0 && newSize.cmp(statusSize) <= 0)
    errs.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
  if (next.spec?.volumeMode !== old.spec?.volumeMode)
    errs.push(invalid('volumeMode', next.spec?.volumeMode ?? '', 'field is immutable'));
  return errs;
}
