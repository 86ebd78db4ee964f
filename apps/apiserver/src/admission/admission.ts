/**
 * Admission: a chain of plugins run after defaulting, the strategy and validation and
 * before storage, as kube-apiserver's admission chain. Every plugin admits creates; a plugin
 * that names `operations` with UPDATE also sees updates (with the stored object), one that
 * names DELETE sees deletes (the object is the stored one, also in `oldObject`). Each plugin
 * says which resources it admits; the chain names none.
 */
import type { ApiObject } from '@wheelhouse/api';
import type { ResourceDef } from '../registry/registry.js';

/** The verbs admission sees (kube's admission.Operation). */
export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

/** What a plugin knows of the request besides the object (kube's admission.Attributes). */
export interface AdmissionAttributes {
  operation: AdmissionOperation;
  /** The stored object an UPDATE replaces or a DELETE removes. */
  oldObject?: ApiObject;
  /** `dryRun=All`: check everything, change nothing (no quota is charged). */
  dryRun: boolean;
  /** The subresource written (`status`, `scale`, ...), or undefined for the resource itself. */
  subresource?: string;
  /**
   * Where plugins add warnings for the response (kube's warning.AddWarning), sent as Warning
   * headers; absent outside an HTTP request.
   */
  warnings?: string[];
}

/** One admission plugin. */
export interface AdmissionPlugin {
  /** The resources it admits; absent: every resource. */
  resources?: readonly { group: string; plural: string }[];
  /** The operations it admits; absent: CREATE only. */
  operations?: readonly AdmissionOperation[];
  /** Mutates the new object in place, or throws an ApiError to refuse it. `namespace` is the request's. */
  admit(
    def: ResourceDef,
    obj: ApiObject,
    namespace: string | undefined,
    attrs: AdmissionAttributes,
  ): void | Promise<void>;
}

/** Admits a new or updated object: mutates it in place; throws an ApiError to refuse it. */
export type Admit = (
  def: ResourceDef,
  obj: ApiObject,
  namespace: string | undefined,
  attrs: AdmissionAttributes,
) => Promise<void>;

function admits(plugin: AdmissionPlugin, def: ResourceDef, op: AdmissionOperation): boolean {
  if (!(plugin.operations ?? ['CREATE']).includes(op)) return false;
  return !plugin.resources || plugin.resources.some((r) => r.group === def.group && r.plural === def.plural);
}

/** Runs `plugins` in order, each only on the resources and operations it admits; the first refusal wins. */
export function admissionChain(plugins: readonly AdmissionPlugin[]): Admit {
  return async (def, obj, namespace, attrs) => {
    for (const p of plugins) if (admits(p, def, attrs.operation)) await p.admit(def, obj, namespace, attrs);
  };
}
