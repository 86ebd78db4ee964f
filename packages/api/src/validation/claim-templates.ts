/**
 * A StatefulSet's volumeClaimTemplates, checked as the PersistentVolumeClaims they stand for
 * (ValidatePersistentVolumeClaimSpec) and as the pod volumes they become: each needs a name
 * that is a DNS label, unique among the templates.
 */
import { isDNS1123Label, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { PersistentVolumeClaim } from '../schema/core-v1-volume.js';
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { quantityOf } from './resources.js';
import { validateLabelSelector } from './template.js';

type ClaimSpec = NonNullable<PersistentVolumeClaim['spec']>;

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];

function validateAccessModes(modes: readonly string[] | undefined, path: string): FieldError[] {
  const list = modes ?? [];
  if (list.length === 0) return [required(path, 'at least 1 access mode is required')];
  const errs = list.filter((m) => !ACCESS_MODES.includes(m)).map((m) => notSupported(path, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.some((m) => m !== 'ReadWriteOncePod'))
    errs.push(forbidden(path, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

/** The storage request: present and positive (Kubernetes names the field `resources[storage]`). */
function validateStorageRequest(spec: ClaimSpec, path: string): FieldError[] {
  const field = `${path}.resources[storage]`;
  const value = spec.resources?.requests?.storage;
  if (value === undefined) return [required(field)];
  const q = quantityOf(value);
  if (q === undefined) return [];
  return q.sign() > 0 ? [] : [invalid(field, q.toString(), 'must be greater than zero')];
}

/** ValidatePersistentVolumeClaimSpec's checks of the fields a template carries. */
function validateClaimSpec(spec: ClaimSpec | undefined, path: string): FieldError[] {
  const s = spec ?? {};
  const errs = validateAccessModes(s.accessModes, `${path}.accessModes`);
  errs.push(...validateLabelSelector(s.selector, `${path}.selector`));
  errs.push(...validateStorageRequest(s, path));
  if (s.storageClassName)
    for (const msg of nameIsDNSSubdomain(s.storageClassName))
      errs.push(invalid(`${path}.storageClassName`, s.storageClassName, msg));
  if (s.volumeMode !== undefined && !VOLUME_MODES.includes(s.volumeMode))
    errs.push(notSupported(`${path}.volumeMode`, s.volumeMode, VOLUME_MODES));
  return errs;
}

/**
 * Validates `spec.volumeClaimTemplates` at `path`: each template's name (required, a DNS
 * label since it names a pod volume, not repeated) and its claim spec. Empty when valid.
 */
export function validateVolumeClaimTemplates(
  templates: readonly PersistentVolumeClaim[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (templates ?? []).forEach((claim, i) => {
    const p = `${path}[${i}]`;
    const name = claim.metadata?.name ?? '';
    if (!name) errs.push(required(`${p}.metadata.name`));
    else if (seen.has(name)) errs.push(duplicate(`${p}.metadata.name`, name));
    else for (const msg of isDNS1123Label(name)) errs.push(invalid(`${p}.metadata.name`, name, msg));
    seen.add(name);
    errs.push(...validateClaimSpec(claim.spec, `${p}.spec`));
  });
  return errs;
}

/**
 * The pod volume names the templates add: every named one (a malformed name is reported once,
 * on the template, by validateVolumeClaimTemplates, not again as a missing volume).
 */
export function claimTemplateVolumeNames(templates: readonly PersistentVolumeClaim[] | undefined): Set<string> {
  return new Set((templates ?? []).map((t) => t.metadata?.name ?? '').filter((n) => n !== ''));
}
