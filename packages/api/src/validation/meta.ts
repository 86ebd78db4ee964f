/** ObjectMeta validation on create and update, as Kubernetes' ValidateObjectMeta(Update). */
import {
  isDNS1123Label,
  isQualifiedName,
  validateAnnotations as machineryValidateAnnotations,
  validateLabels as machineryValidateLabels,
} from '@wheelhouse/machinery';
import type { ObjectMeta, OwnerReference } from '../schema/meta-v1.js';
import { forbidden, fromMachineryError, invalid, required, type FieldError } from './field-errors.js';

/**
 * A name check: returns Kubernetes' messages for an invalid name; `prefix` for generateName.
 * @wheelhouse/machinery's `nameIsDNSSubdomain`, `nameIsDNSLabel` and `nameIsDNS1035Label` are ones.
 */
export type NameValidator = (name: string, prefix: boolean) => string[];

/** Label keys must be qualified names and values valid label values (machinery's ValidateLabels). */
export function validateLabels(labels: Record<string, string> | undefined, field: string): FieldError[] {
  return machineryValidateLabels(labels ?? {}, field).map(fromMachineryError);
}

/** Annotation keys must be qualified names, 256 KiB in total (machinery's ValidateAnnotations). */
function validateAnnotations(annotations: Record<string, string> | undefined, field: string): FieldError[] {
  return machineryValidateAnnotations(annotations ?? {}, field).map(fromMachineryError);
}

function validateOwnerReference(ref: OwnerReference, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const version = (ref.apiVersion ?? '').split('/').pop() ?? '';
  if (version === '') errs.push(invalid(`${field}.apiVersion`, ref.apiVersion ?? '', 'version must not be empty'));
  if (!ref.kind) errs.push(invalid(`${field}.kind`, ref.kind ?? '', 'must not be empty'));
  if (!ref.name) errs.push(invalid(`${field}.name`, ref.name ?? '', 'must not be empty'));
  if (!ref.uid) errs.push(invalid(`${field}.uid`, ref.uid ?? '', 'must not be empty'));
  return errs;
}

function validateOwnerReferences(refs: OwnerReference[] | undefined, field: string): FieldError[] {
  const errs = (refs ?? []).flatMap((ref) => validateOwnerReference(ref, field));
  const controllers = (refs ?? []).filter((r) => r.controller === true).map((r) => `${r.kind ?? ''}/${r.name ?? ''}`);
  if (controllers.length > 1) {
    errs.push(
      invalid(
        field,
        { goSyntax: '[]v1.OwnerReference{...}' },
        `Only one reference can have Controller set to true. Found "true" in references for ${controllers.join(' and ')}`,
      ),
    );
  }
  return errs;
}

function validateFinalizers(finalizers: string[] | undefined, field: string): FieldError[] {
  return (finalizers ?? []).flatMap((f) => isQualifiedName(f).map((msg) => invalid(field, f, msg)));
}

function validateName(meta: ObjectMeta, nameFn: NameValidator): FieldError[] {
  const errs: FieldError[] = [];
  if (meta.generateName) {
    for (const msg of nameFn(meta.generateName, true))
      errs.push(invalid('metadata.generateName', meta.generateName, msg));
  }
  if (!meta.name) errs.push(required('metadata.name', 'name or generateName is required'));
  else for (const msg of nameFn(meta.name, false)) errs.push(invalid('metadata.name', meta.name, msg));
  return errs;
}

function validateNamespace(meta: ObjectMeta, namespaced: boolean): FieldError[] {
  if (!namespaced) return meta.namespace ? [forbidden('metadata.namespace', 'not allowed on this type')] : [];
  if (!meta.namespace) return [required('metadata.namespace')];
  return isDNS1123Label(meta.namespace).map((msg) => invalid('metadata.namespace', meta.namespace ?? '', msg));
}

/**
 * Validates object metadata for create: name (with `nameFn`), namespace presence (per
 * scope), generation, labels, annotations, owner references and finalizers.
 */
export function validateObjectMeta(
  meta: ObjectMeta | undefined,
  namespaced: boolean,
  nameFn: NameValidator,
): FieldError[] {
  const m = meta ?? {};
  const errs = [...validateName(m, nameFn), ...validateNamespace(m, namespaced)];
  if ((m.generation ?? 0) < 0)
    errs.push(invalid('metadata.generation', m.generation ?? 0, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(m.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(m.annotations, 'metadata.annotations'));
  errs.push(...validateOwnerReferences(m.ownerReferences, 'metadata.ownerReferences'));
  errs.push(...validateFinalizers(m.finalizers, 'metadata.finalizers'));
  return errs;
}

function immutable(field: string, next: string | number | undefined, old: string | number | undefined): FieldError[] {
  return next === old ? [] : [invalid(field, next ?? '', 'field is immutable')];
}

/**
 * Validates metadata on update: the create checks minus naming, plus immutable name,
 * namespace, uid and creationTimestamp, no generation decrease, and no new finalizers once
 * deletion started. The resourceVersion precondition is the store's job, not checked here.
 */
export function validateObjectMetaUpdate(next: ObjectMeta | undefined, old: ObjectMeta | undefined): FieldError[] {
  const n = next ?? {};
  const o = old ?? {};
  const errs: FieldError[] = [];
  if (o.deletionTimestamp) {
    const added = (n.finalizers ?? []).filter((f) => !(o.finalizers ?? []).includes(f));
    for (const f of added)
      errs.push(
        forbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${JSON.stringify(f)}}`,
        ),
      );
  }
  if ((n.generation ?? 0) < (o.generation ?? 0))
    errs.push(invalid('metadata.generation', n.generation ?? 0, 'must not be decremented'));
  errs.push(...immutable('metadata.name', n.name, o.name));
  errs.push(...immutable('metadata.namespace', n.namespace, o.namespace));
  errs.push(...immutable('metadata.uid', n.uid, o.uid));
  errs.push(...immutable('metadata.creationTimestamp', n.creationTimestamp, o.creationTimestamp));
  errs.push(...validateLabels(n.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(n.annotations, 'metadata.annotations'));
  errs.push(...validateOwnerReferences(n.ownerReferences, 'metadata.ownerReferences'));
  errs.push(...validateFinalizers(n.finalizers, 'metadata.finalizers'));
  return errs;
}
