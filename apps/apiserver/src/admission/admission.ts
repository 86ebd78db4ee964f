/**
 * Admission on create: a chain of plugins run after defaulting, the strategy and
 * validation and before the kind's create hooks and storage, as kube-apiserver's
 * admission chain. Each plugin says which resources it admits; the chain names none.
 */
import type { ApiObject } from '@wheelhouse/api';
import type { ResourceDef } from '../registry/registry.js';

/** One admission plugin. */
export interface AdmissionPlugin {
  /** The resources it admits; absent: every resource. */
  resources?: readonly { group: string; plural: string }[];
  /** Mutates the new object in place, or throws an ApiError to refuse it. `namespace` is the request's. */
  admit(def: ResourceDef, obj: ApiObject, namespace: string | undefined): void | Promise<void>;
}

/** Admits a new object: mutates it in place; throws an ApiError to refuse it. */
export type Admit = (def: ResourceDef, obj: ApiObject, namespace: string | undefined) => Promise<void>;

function admits(plugin: AdmissionPlugin, def: ResourceDef): boolean {
  return !plugin.resources || plugin.resources.some((r) => r.group === def.group && r.plural === def.plural);
}

/** Runs `plugins` in order, each only on the resources it admits; the first refusal wins. */
export function admissionChain(plugins: readonly AdmissionPlugin[]): Admit {
  return async (def, obj, namespace) => {
    for (const p of plugins) if (admits(p, def)) await p.admit(def, obj, namespace);
  };
}
