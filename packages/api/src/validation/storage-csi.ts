/** storage.k8s.io/v1 CSIDriver, CSINode and VolumeAttachment validation (pkg/apis/storage/validation). */
import { isDNS1123Subdomain, isQualifiedName, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { CSIDriver, CSINode, CSINodeDriver, VolumeAttachment } from '../schema/storage-v1-csi.js';
import { semanticEqual } from '../util/json.js';
import {
  duplicate,
  forbidden,
  goStringList,
  invalid,
  notSupported,
  required,
  tooLong,
  type FieldError,
} from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';

const FS_GROUP_POLICIES = ['File', 'None', 'ReadWriteOnceWithFSType'];
const LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];
const MIN_TOKEN_SECONDS = 600;
const MAX_TOKEN_SECONDS = 2 ** 32;
const CSI_DRIVER_NAME_MAX = 63;
const NODE_ID_MAX = 192;
const MAX_ATTACHMENT_METADATA = 256 * 1024;
const MAX_VOLUME_ERROR_MESSAGE = 1024;

/** ValidateCSIDriverName (core): required, at most 63 characters, a DNS subdomain when lower-cased. */
function validateCSIDriverName(name: string, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (name === '') errs.push(required(field));
  if (name.length > CSI_DRIVER_NAME_MAX) errs.push(tooLong(field, CSI_DRIVER_NAME_MAX));
  errs.push(...isDNS1123Subdomain(name.toLowerCase()).map((m) => invalid(field, name, m)));
  return errs;
}

function requiredBools(driver: CSIDriver): FieldError[] {
  const spec = driver.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.attachRequired === undefined) errs.push(required('spec.attachedRequired'));
  if (spec.podInfoOnMount === undefined) errs.push(required('spec.podInfoOnMount'));
  if (spec.storageCapacity === undefined) errs.push(required('spec.storageCapacity'));
  return errs;
}

function validateTokenRequests(driver: CSIDriver): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (driver.spec?.tokenRequests ?? []).forEach((t, i) => {
    const path = `spec.tokenRequests[${i}]`;
    const audience = t.audience ?? '';
    if (seen.has(audience)) return void errs.push(duplicate(`${path}.audience`, audience));
    seen.add(audience);
    const seconds = t.expirationSeconds;
    if (seconds === undefined) return;
    if (seconds < MIN_TOKEN_SECONDS)
      errs.push(invalid(`${path}.expirationSeconds`, seconds, 'may not specify a duration less than 10 minutes'));
    if (seconds > MAX_TOKEN_SECONDS)
      errs.push(invalid(`${path}.expirationSeconds`, seconds, 'may not specify a duration larger than 2^32 seconds'));
  });
  return errs;
}

function validateCSIDriverSpec(driver: CSIDriver): FieldError[] {
  const spec = driver.spec ?? {};
  const errs = requiredBools(driver);
  if (spec.fsGroupPolicy !== undefined && !FS_GROUP_POLICIES.includes(spec.fsGroupPolicy))
    errs.push(notSupported('spec.fsGroupPolicy', spec.fsGroupPolicy, FS_GROUP_POLICIES));
  errs.push(...validateTokenRequests(driver));
  for (const mode of spec.volumeLifecycleModes ?? [])
    if (!LIFECYCLE_MODES.includes(mode)) errs.push(notSupported('spec.volumeLifecycleModes', mode, LIFECYCLE_MODES));
  if (spec.seLinuxMount === undefined) errs.push(required('spec.seLinuxMount'));
  return errs;
}

/** Validates a CSIDriver on create: a DNS-subdomain name, the defaulted booleans present, token requests, modes. */
export function validateCSIDriver(driver: CSIDriver): FieldError[] {
  return [...validateObjectMeta(driver.metadata, false, nameIsDNSSubdomain), ...validateCSIDriverSpec(driver)];
}

/** Validates a CSIDriver update: as on create, with attachRequired and volumeLifecycleModes immutable. */
export function validateCSIDriverUpdate(next: CSIDriver, old: CSIDriver): FieldError[] {
  const errs = [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateCSIDriverSpec(next)];
  if (next.spec?.attachRequired !== old.spec?.attachRequired)
    errs.push(invalid('spec.attachedRequired', next.spec?.attachRequired ?? null, 'field is immutable'));
  if (!semanticEqual(next.spec?.volumeLifecycleModes, old.spec?.volumeLifecycleModes))
    errs.push(
      invalid(
        'spec.volumeLifecycleModes',
        goStringList(next.spec?.volumeLifecycleModes, 'storage.VolumeLifecycleMode'),
        'field is immutable',
      ),
    );
  return errs;
}

function validateCSINodeDriver(driver: CSINodeDriver, names: Set<string>, path: string): FieldError[] {
  const name = driver.name ?? '';
  const errs = validateCSIDriverName(name, `${path}.name`);
  const nodeID = driver.nodeID ?? '';
  if (nodeID === '') errs.push(required(`${path}.nodeID`));
  if (nodeID.length > NODE_ID_MAX)
    errs.push(invalid(`${path}.nodeID`, nodeID, `must be ${NODE_ID_MAX} characters or less`));
  const count = driver.allocatable?.count;
  if (count !== undefined && count < 0)
    errs.push(invalid(`${path}.allocatable.count`, count, 'must be greater than or equal to 0'));
  if (names.has(name)) errs.push(duplicate(`${path}.name`, name));
  names.add(name);
  const keys = new Set<string>();
  for (const key of driver.topologyKeys ?? []) {
    if (key === '') errs.push(required(path));
    if (keys.has(key)) errs.push(duplicate(path, key));
    keys.add(key);
    errs.push(...isQualifiedName(key).map((m) => invalid(path, key, m)));
  }
  return errs;
}

/** Validates a CSINode: a node name, and each driver's name, nodeID, allocatable count and topology keys. */
export function validateCSINode(node: CSINode): FieldError[] {
  const names = new Set<string>();
  return [
    ...validateObjectMeta(node.metadata, false, nameIsDNSSubdomain),
    ...(node.spec?.drivers ?? []).flatMap((d, i) => validateCSINodeDriver(d, names, `spec.drivers[${i}]`)),
  ];
}

/** Validates a CSINode update: as on create, and a driver already listed may not change. */
export function validateCSINodeUpdate(next: CSINode, old: CSINode): FieldError[] {
  const errs = [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateCSINode(next)];
  for (const o of old.spec?.drivers ?? [])
    for (const n of next.spec?.drivers ?? [])
      if (o.name === n.name && !semanticEqual(o, n))
        errs.push(
          invalid(
            'spec.drivers',
            { goSyntax: `storage.CSINodeDriver{Name:${JSON.stringify(n.name ?? '')}, ...}` },
            'field is immutable',
          ),
        );
  return errs;
}

function validateAttachmentSource(va: VolumeAttachment): FieldError[] {
  const source = va.spec?.source ?? {};
  const message = 'must specify exactly one of inlineVolumeSpec and persistentVolumeName';
  const hasPV = source.persistentVolumeName !== undefined;
  const hasInline = source.inlineVolumeSpec !== undefined;
  if (!hasPV && !hasInline) return [required('spec.source', message)];
  if (hasPV && hasInline) return [forbidden('spec.source', message)];
  if (hasPV && source.persistentVolumeName === '')
    return [required('spec.source.persistentVolumeName', 'must specify non empty persistentVolumeName')];
  if (hasPV)
    return nameIsDNSSubdomain(source.persistentVolumeName ?? '').map((m) =>
      invalid('spec.source.persistentVolumeName', source.persistentVolumeName, m),
    );
  return [];
}

function validateAttachmentStatus(va: VolumeAttachment): FieldError[] {
  const status = va.status ?? {};
  const errs: FieldError[] = [];
  const size = Object.entries(status.attachmentMetadata ?? {}).reduce((n, [k, v]) => n + k.length + v.length, 0);
  if (size > MAX_ATTACHMENT_METADATA) errs.push(tooLong('status.attachmentMetadata', MAX_ATTACHMENT_METADATA));
  for (const key of ['attachError', 'detachError'] as const) {
    const e = status[key];
    if ((e?.message ?? '').length > MAX_VOLUME_ERROR_MESSAGE)
      errs.push(tooLong(`status.${key}.message`, MAX_ATTACHMENT_METADATA));
    if (e?.errorCode !== undefined && e.errorCode < 0)
      errs.push(invalid(`status.${key}.errorCode`, e.errorCode, 'must be between 0 and 2147483647, inclusive'));
  }
  return errs;
}

/**
 * Validates a VolumeAttachment (ValidateVolumeAttachment plus its v1 checks): a DNS-subdomain
 * name, an attacher that is a CSI driver name, exactly one source, a node name, and status limits.
 */
export function validateVolumeAttachment(va: VolumeAttachment): FieldError[] {
  const spec = va.spec ?? {};
  const attacher = spec.attacher ?? '';
  const nodeName = spec.nodeName ?? '';
  const errs = validateObjectMeta(va.metadata, false, nameIsDNSSubdomain);
  if (attacher === '') errs.push(required('spec.attacher'));
  errs.push(...validateAttachmentSource(va));
  errs.push(...nameIsDNSSubdomain(nodeName).map((m) => invalid('spec.nodeName', nodeName, m)));
  errs.push(...validateAttachmentStatus(va));
  return [...errs, ...validateCSIDriverName(attacher, 'spec.attacher')];
}

/** Validates a VolumeAttachment update: as on create, and the spec is read-only. */
export function validateVolumeAttachmentUpdate(next: VolumeAttachment, old: VolumeAttachment): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateVolumeAttachment(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
  if (!semanticEqual(next.spec, old.spec))
    errs.push(invalid('spec', { goSyntax: 'storage.VolumeAttachmentSpec{...}' }, 'field is immutable'));
  return errs;
}
