/**
 * The served definitions of a CustomResourceDefinition: one per served version, named by
 * the CRD's accepted names, stored under `/registry/<group>/<plural>/` in the storage
 * version (conversion None: other versions only rewrite apiVersion), with the status and
 * scale subresources, printer columns, selectable fields, short names and categories the
 * version declares. Objects are any JSON object; schema validation, defaulting and pruning
 * come from `CustomResourceSchemas` (without them, only metadata is validated).
 */
import { z } from 'zod';
import { getOwn, nameIsDNSSubdomain, setOwn } from '@wheelhouse/machinery';
import {
  makeStrategy,
  validateObjectMeta,
  validateObjectMetaUpdate,
  type AnyResourceDefinition,
  type ApiObject,
  type CustomResourceDefinitionNames,
  type CustomResourceDefinitionVersion as CrdVersion,
  type CustomResourceSubresourceScale,
  type FieldError,
  type KubeObject,
  type Scale,
  type ScaleAccessor,
  type SubresourceDefinition,
  type Verb,
} from '@wheelhouse/api';
import { adaptDefinition, type ResourceDef } from '../registry/registry.js';
import { evaluateJsonPath, parseJsonPath, simplePath } from './jsonpath.js';
import { customResourcePrinter } from './printer.js';
import { customResourceOpenAPI, definitionNameOf } from './openapi.js';
import type { Crd } from './types.js';

const VERBS: readonly Verb[] = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

/**
 * The decoding schema of a version: any JSON object, whose fields the version's schema does
 * not know (pruning's unknown fields) are reported as zod's unrecognized keys, so decoding
 * refuses them under fieldValidation=Strict and drops them with `unknown field` warnings
 * under Warn, with kube's texts, as for built-in kinds.
 */
function decodingSchema(unknown: ((obj: ApiObject) => string[]) | undefined): z.ZodType<KubeObject> {
  const any = z.looseObject({});
  if (!unknown) return any as unknown as z.ZodType<KubeObject>;
  return any.superRefine((obj, ctx) => {
    for (const path of unknown(obj as ApiObject)) {
      const parts: PropertyKey[] = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
        m[2] !== undefined ? Number(m[2]) : m[1]!,
      );
      ctx.addIssue({ code: 'unrecognized_keys', keys: [String(parts.pop())], path: parts, input: obj });
    }
  }) as unknown as z.ZodType<KubeObject>;
}

/** What a CRD version's objects go through besides metadata checks (h-crdschema's functions, when wired). */
export interface CustomResourceSchemas {
  /** Paths of the fields of `obj` its version's schema does not know (`spec.x`, `spec.items[0].y`). */
  unknownFields?(crd: Crd, version: CrdVersion, obj: ApiObject): string[];
  /** Defaults and prunes a decoded object of `version` (returns a new object). */
  normalize?(crd: Crd, version: CrdVersion, obj: ApiObject): ApiObject;
  /** Validates a /status update of `old` to `obj`: metadata and the status schema. */
  validateStatus?(crd: Crd, version: CrdVersion, obj: ApiObject, old: ApiObject): FieldError[];
  /** Validates an object of `version`: metadata, its schema (and `old` on update). */
  validate?(crd: Crd, version: CrdVersion, obj: ApiObject, old: ApiObject | undefined): FieldError[];
}

// The scale paths come from the CRD (`.spec.__proto__.x` passes validation): read own
// properties only, and set own keys, so such a path never reaches Object.prototype.
function fieldAt(obj: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? getOwn(v, k) : undefined), obj);
}

function setAt(obj: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    const next = getOwn(o, k);
    const child = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {};
    setOwn(o, k, child);
    o = child as Record<string, unknown>;
  }
  setOwn(o, path[path.length - 1]!, value);
}

function scaleAccessor(s: CustomResourceSubresourceScale): ScaleAccessor {
  const spec = simplePath(s.specReplicasPath ?? '') ?? ['spec', 'replicas'];
  const status = simplePath(s.statusReplicasPath ?? '') ?? ['status', 'replicas'];
  const selector = s.labelSelectorPath ? simplePath(s.labelSelectorPath) : undefined;
  return {
    toScale(obj: KubeObject): Scale {
      const m = obj.metadata ?? {};
      const replicas = fieldAt(obj, spec);
      const current = fieldAt(obj, status);
      const sel = selector && fieldAt(obj, selector);
      return {
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: {
          name: m.name,
          namespace: m.namespace,
          uid: m.uid,
          resourceVersion: m.resourceVersion,
          creationTimestamp: m.creationTimestamp,
        },
        spec: { replicas: typeof replicas === 'number' ? replicas : 0 },
        status: {
          replicas: typeof current === 'number' ? current : 0,
          ...(typeof sel === 'string' ? { selector: sel } : {}),
        },
      } as Scale;
    },
    applyScale(obj: KubeObject, scale: Scale): KubeObject {
      const copy = structuredClone(obj) as Record<string, unknown>;
      setAt(copy, spec, scale.spec?.replicas ?? 0);
      return copy as KubeObject;
    },
  };
}

function subresourcesOf(group: string, v: CrdVersion, kind: string): SubresourceDefinition[] {
  const out: SubresourceDefinition[] = [];
  if (v.subresources?.status)
    out.push({ name: 'status', group, version: v.name ?? '', kind, verbs: ['get', 'patch', 'update'] });
  if (v.subresources?.scale)
    out.push({
      name: 'scale',
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
      scale: scaleAccessor(v.subresources.scale),
    });
  return out;
}

/** Field-selector values: metadata.name (and namespace), plus the version's selectableFields as strings. */
function selectableFieldsOf(v: CrdVersion, namespaced: boolean): (obj: KubeObject) => Record<string, string> {
  const extra = (v.selectableFields ?? []).map(({ jsonPath = '' }) => ({
    name: jsonPath.replace(/^\./, ''),
    path: jsonPath,
  }));
  const parsed = extra.map((f) => parseJsonPath(f.path));
  return (obj) => {
    const out: Record<string, string> = { 'metadata.name': obj.metadata?.name ?? '' };
    if (namespaced) out['metadata.namespace'] = obj.metadata?.namespace ?? '';
    extra.forEach((f, i) => {
      const found = evaluateJsonPath(obj, parsed[i]!)[0];
      out[f.name] = found === undefined || found === null ? '' : String(found);
    });
    return out;
  };
}

function apiVersionOf(group: string, version: string): string {
  return `${group}/${version}`;
}

/** The storage version of a CRD (the one marked storage: true). */
export function storageVersionOf(crd: Crd): string {
  const versions = crd.spec?.versions ?? [];
  return (versions.find((v) => v.storage) ?? versions[0])?.name ?? '';
}

function definitionOf(
  crd: Crd,
  names: Required<CustomResourceDefinitionNames>,
  v: CrdVersion,
  schemas: CustomResourceSchemas,
): ResourceDef {
  const group = crd.spec?.group ?? '';
  const version = v.name ?? '';
  const namespaced = crd.spec?.scope === 'Namespaced';
  const storage = storageVersionOf(crd);
  // As kube's customResourceStrategy: with a status subresource, a create cannot set status.
  const strategy = makeStrategy({
    ...(v.subresources?.status ? { initialStatus: () => ({}), onCreate: (o: KubeObject) => void delete o.status } : {}),
    generation: 'spec',
  });
  const api: AnyResourceDefinition = {
    group,
    version,
    kind: names.kind,
    listKind: names.listKind,
    resource: names.plural,
    singular: names.singular,
    shortNames: names.shortNames,
    categories: names.categories,
    scope: namespaced ? 'Namespaced' : 'Cluster',
    verbs: VERBS,
    subresources: subresourcesOf(group, v, names.kind),
    schema: decodingSchema(schemas.unknownFields && ((obj) => schemas.unknownFields!(crd, v, obj))),
    definitionName: definitionNameOf(group, version, names.kind),
    selectableFields: selectableFieldsOf(v, namespaced),
    defaults: (obj) => (schemas.normalize ? schemas.normalize(crd, v, obj as ApiObject) : obj),
    validate: (obj) =>
      schemas.validate
        ? schemas.validate(crd, v, obj as ApiObject, undefined)
        : validateObjectMeta(obj.metadata, namespaced, nameIsDNSSubdomain),
    validateUpdate: (next, old) =>
      schemas.validate
        ? schemas.validate(crd, v, next as ApiObject, old as ApiObject)
        : validateObjectMetaUpdate(next.metadata, old.metadata),
    strategy,
    printer: customResourcePrinter(v.additionalPrinterColumns) as never,
    ...(version === storage
      ? {}
      : {
          storedAs: {
            version: storage,
            toStorage: (obj: KubeObject) => ({ ...obj, apiVersion: apiVersionOf(group, storage) }),
            fromStorage: (obj: KubeObject) => ({ ...obj, apiVersion: apiVersionOf(group, version) }),
          },
        }),
  };
  const def = adaptDefinition(api, true);
  def.openAPISchemas = customResourceOpenAPI(group, v, names.kind);
  const validateStatus = schemas.validateStatus;
  if (validateStatus) def.validateStatusUpdate = (next, old) => validateStatus(crd, v, next, old);
  return def;
}

/** The accepted names with kube's defaults filled (singular = lowercase kind, listKind = kind + List). */
export function fullNames(n: CustomResourceDefinitionNames): Required<CustomResourceDefinitionNames> {
  const kind = n.kind ?? '';
  return {
    plural: n.plural ?? '',
    singular: n.singular || kind.toLowerCase(),
    kind,
    listKind: n.listKind || `${kind}List`,
    shortNames: n.shortNames ?? [],
    categories: n.categories ?? [],
  };
}

/** One definition per served version of `crd`, under its accepted names. */
export function customResourceDefinitions(crd: Crd, schemas: CustomResourceSchemas): ResourceDef[] {
  const names = fullNames(crd.status?.acceptedNames ?? crd.spec?.names ?? {});
  return (crd.spec?.versions ?? []).filter((v) => v.served).map((v) => definitionOf(crd, names, v, schemas));
}
