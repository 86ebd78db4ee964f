/**
 * The resources the apiserver serves, adapted from @wheelhouse/api's registry (schemas,
 * defaulting, validation, strategies, printers) into what the REST layer reads.
 * Everything here is derived once at load time; nothing is hand-written per kind (what a
 * kind adds to the generic handlers is in its hooks: hooks.ts, kinds/).
 */
import {
  RESOURCES as API_RESOURCES,
  type ApiObject,
  type FieldError,
  type AnyResourceDefinition,
  type GroupVersion,
  type ScaleAccessor,
} from '@wheelhouse/api';

/** One served resource: identity and discovery data, plus the api package's definition. */
export interface ResourceDef {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  shortNames: readonly string[];
  categories: readonly string[];
  namespaced: boolean;
  verbs: readonly string[];
  /** Has a /status subresource (main updates keep status; status updates keep the rest). */
  status: boolean;
  /** The /scale subresource's mapping, when there is one. */
  scale: ScaleAccessor | undefined;
  /** Field names a field selector may use. */
  fieldNames: readonly string[];
  /** The full definition from @wheelhouse/api. */
  api: AnyResourceDefinition;
  /**
   * Where its objects are stored, after `/registry/`: the plural for built-in kinds (the
   * layout data on disk already has), `<group>/<plural>` for custom resources (kube's
   * layout, so a CRD plural equal to a built-in one cannot collide). Every version of one
   * stored resource shares it.
   */
  storageResource: string;
  /** The CustomResourceDefinition that serves it (custom resources only). */
  crd?: string;
  /** Validation of a /status update (custom resources: the status schema); absent: none. */
  validateStatusUpdate?(next: ApiObject, old: ApiObject): FieldError[];
  /** Component schemas OpenAPI documents take from here rather than the api package (a custom resource's). */
  openAPISchemas?: Record<string, Record<string, unknown>>;
}

/** A served definition's conversion between its version and the stored one (absent: stored as served). */
export function conversionOf(def: ResourceDef): AnyResourceDefinition['storedAs'] {
  const s = def.api.storedAs;
  return s && s.version !== def.version ? s : undefined;
}

function fieldNames(api: AnyResourceDefinition): string[] {
  try {
    return Object.keys(api.selectableFields({ metadata: {} }));
  } catch {
    return ['metadata.name', 'metadata.namespace'];
  }
}

/**
 * Adapts an api-package definition into what the REST layer reads. `custom` places its
 * objects under `/registry/<group>/<plural>/` (custom resources); built-in kinds keep
 * `/registry/<plural>/`.
 */
export function adaptDefinition(api: AnyResourceDefinition, custom = false): ResourceDef {
  const sub = (name: string) => api.subresources.find((s) => s.name === name);
  return {
    group: api.group,
    version: api.version,
    kind: api.kind,
    listKind: api.listKind,
    plural: api.resource,
    singular: api.singular,
    shortNames: api.shortNames,
    categories: api.categories,
    namespaced: api.scope === 'Namespaced',
    verbs: api.verbs,
    status: sub('status') !== undefined,
    scale: sub('scale')?.scale,
    fieldNames: fieldNames(api),
    api,
    storageResource: custom ? `${api.group}/${api.resource}` : api.resource,
  };
}

/** Every resource served, in discovery order. */
export const RESOURCES: readonly ResourceDef[] = API_RESOURCES.map((api) => adaptDefinition(api));

/** A served group/version and its resources. */
export interface ServedGroupVersion extends GroupVersion {
  resources: ResourceDef[];
}

/** The served group/versions, core first, in registry order. */
export function groupVersions(resources: readonly ResourceDef[] = RESOURCES): ServedGroupVersion[] {
  const out: ServedGroupVersion[] = [];
  for (const r of resources) {
    let gv = out.find((g) => g.group === r.group && g.version === r.version);
    if (!gv) out.push((gv = { group: r.group, version: r.version, resources: [] }));
    gv.resources.push(r);
  }
  return out;
}

/** The resource `plural` of the core group (throws if it is not served: a programming error). */
export function coreDef(plural: string): ResourceDef {
  const def = RESOURCES.find((r) => r.group === '' && r.plural === plural);
  if (!def) throw new Error(`core resource ${plural} is not served`);
  return def;
}

/** The resource `plural` of `group` (throws if it is not served: a programming error). */
export function resourceDef(group: string, plural: string): ResourceDef {
  const def = RESOURCES.find((r) => r.group === group && r.plural === plural);
  if (!def) throw new Error(`resource ${plural}.${group} is not served`);
  return def;
}

/** The core/v1 namespaces resource. */
export function namespaceDef(): ResourceDef {
  return coreDef('namespaces');
}
