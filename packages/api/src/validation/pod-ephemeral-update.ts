/**
 * A write through pods/ephemeralcontainers, as Kubernetes 1.32's
 * ValidatePodEphemeralContainersUpdate: ephemeral containers are only ever added.
 */
import type { Pod } from '../schema/core-v1-pod.js';
import { semanticEqual } from '../util/json.js';
import { forbidden, type FieldError } from './field-errors.js';
import { validateObjectMetaUpdate } from './meta.js';
import { validatePodSpec } from './pod.js';
import { describeStructDiff } from './struct-diff.js';

/** The annotation of a static pod's mirror (kube's MirrorPodAnnotationKey). */
const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** Existing ephemeral containers stay as they are: none removed, none changed (order may differ, as a patch leaves it). */
function existingKept(next: Pod, old: Pod): FieldError[] {
  const byName = new Map((next.spec?.ephemeralContainers ?? []).map((c) => [c.name ?? '', c]));
  const path = 'spec.ephemeralContainers';
  return (old.spec?.ephemeralContainers ?? []).flatMap((o) => {
    const n = byName.get(o.name ?? '');
    if (n === undefined) return [forbidden(path, `existing ephemeral containers "${o.name}" may not be removed\n`)];
    if (semanticEqual(o, n)) return [];
    const diff = describeStructDiff('core.EphemeralContainer', o, n);
    return [forbidden(path, `existing ephemeral containers "${o.name}" may not be changed\n${diff}`)];
  });
}

/**
 * Validates a write through pods/ephemeralcontainers as kube's ValidatePodEphemeralContainersUpdate:
 * `next` is the stored pod with only its ephemeral containers (and identity) from the request.
 * Metadata update rules and the whole new spec first; a static pod's mirror refuses ephemeral
 * containers outright; then existing ephemeral containers may be neither removed nor changed.
 */
export function validatePodEphemeralContainersUpdate(next: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, old.metadata);
  errs.push(...validatePodSpec(next.spec, 'spec'));
  if (Object.hasOwn(old.metadata?.annotations ?? {}, MIRROR_POD_ANNOTATION))
    return [forbidden('', 'static pods do not support ephemeral containers')];
  errs.push(...existingKept(next, old));
  return errs;
}
