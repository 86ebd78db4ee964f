/**
 * CustomResourceDefinition validation, as apiextensions-apiserver's
 * ValidateCustomResourceDefinition(Update). Field paths follow kube's internal form: when every
 * version carries the same schema (or subresources, printer columns, selectable fields), kube
 * lifts it to `spec.validation` (`spec.subresources`, ...) and reports errors there.
 */
import { isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type {
  CustomResourceColumnDefinition,
  CustomResourceDefinition,
  CustomResourceDefinitionNames,
  CustomResourceDefinitionSpec,
  CustomResourceDefinitionVersion,
} from '../schema/apiextensions-v1.js';
import { semanticEqual } from '../util/json.js';
import { validateAPIApproval } from './apiextensions-approval.js';
import { validateCRDVersionSchema } from './apiextensions-schema.js';
import { validateSelectableFields } from './apiextensions-selectable.js';
import { forbidden, goStringList, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';

type VersionPart = 'schema' | 'subresources' | 'additionalPrinterColumns' | 'selectableFields';

function identical(versions: readonly CustomResourceDefinitionVersion[], part: VersionPart): boolean {
  const first = versions[0]?.[part];
  return versions.every((v) => semanticEqual(v[part], first));
}

const LIFTED: Record<VersionPart, string> = {
  schema: 'spec.validation',
  subresources: 'spec.subresources',
  additionalPrinterColumns: 'spec.additionalPrinterColumns',
  selectableFields: 'spec.selectableFields',
};

/**
 * Where kube reports each per-version part: lifted to the spec (and checked once, for version 0)
 * when identical in every version. `path(part, i)` is undefined for the versions after the first
 * of a lifted part.
 */
class VersionPaths {
  private readonly lifted: ReadonlySet<VersionPart>;

  constructor(versions: readonly CustomResourceDefinitionVersion[]) {
    const parts = Object.keys(LIFTED) as VersionPart[];
    this.lifted = new Set(parts.filter((part) => identical(versions, part)));
  }

  isLifted(part: VersionPart): boolean {
    return this.lifted.has(part);
  }

  path(part: VersionPart, i: number): string | undefined {
    if (!this.lifted.has(part)) return `spec.versions[${i}].${part}`;
    return i === 0 ? LIFTED[part] : undefined;
  }
}

const dns1035 = (field: string, value: string): FieldError[] => {
  const errs = isDNS1035Label(value);
  return errs.length > 0 ? [invalid(field, value, errs.join(','))] : [];
};

/** ValidateCustomResourceDefinitionNames: DNS-1035 plural, singular, short names and categories; kind rules. */
export function validateCRDNames(names: CustomResourceDefinitionNames | undefined, field: string): FieldError[] {
  const n = names ?? {};
  const errs: FieldError[] = [];
  if (n.plural) errs.push(...dns1035(`${field}.plural`, n.plural));
  if (n.singular) errs.push(...dns1035(`${field}.singular`, n.singular));
  for (const key of ['kind', 'listKind'] as const) {
    const value = n[key];
    const problems = value ? isDNS1035Label(value.toLowerCase()) : [];
    if (value && problems.length > 0)
      errs.push(
        invalid(`${field}.${key}`, value, `may have mixed case, but should otherwise match: ${problems.join(',')}`),
      );
  }
  (n.shortNames ?? []).forEach((s, i) => errs.push(...dns1035(`${field}.shortNames[${i}]`, s)));
  if (n.kind && n.kind === n.listKind)
    errs.push(invalid(`${field}.listKind`, n.listKind, 'kind and listKind may not be the same'));
  (n.categories ?? []).forEach((c, i) => errs.push(...dns1035(`${field}.categories[${i}]`, c)));
  return errs;
}

function validateGroup(group: string | undefined): FieldError[] {
  if (!group) return [required('spec.group')];
  const problems = isDNS1123Subdomain(group);
  if (problems.length > 0) return [invalid('spec.group', group, problems.join(','))];
  if (group.split('.').length < 2) return [invalid('spec.group', group, 'should be a domain with at least one dot')];
  return [];
}

function validateEnum(field: string, value: string | undefined, accepted: readonly string[]): FieldError[] {
  if (!value) return [required(field)];
  return accepted.includes(value) ? [] : [notSupported(field, value, accepted)];
}

function simpleJSONPath(field: string, path: string): FieldError[] {
  if (path.length === 0) return [invalid(field, path, 'must not be empty')];
  if (!path.startsWith('.')) return [invalid(field, path, 'must be a simple json path starting with .')];
  return [];
}

const COLUMN_TYPES = ['boolean', 'date', 'integer', 'number', 'string'];
const COLUMN_FORMATS = ['byte', 'date', 'date-time', 'double', 'float', 'int32', 'int64', 'password'];

/** ValidateCustomResourceColumnDefinition. */
function validateColumn(col: CustomResourceColumnDefinition, field: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!col.name) errs.push(required(`${field}.name`));
  const types = `must be one of ${COLUMN_TYPES.join(',')}`;
  if (!col.type) errs.push(required(`${field}.type`, types));
  else if (!COLUMN_TYPES.includes(col.type)) errs.push(invalid(`${field}.type`, col.type, types));
  if (col.format && !COLUMN_FORMATS.includes(col.format))
    errs.push(invalid(`${field}.format`, col.format, `must be one of ${COLUMN_FORMATS.join(',')}`));
  if (!col.jsonPath) errs.push(required(`${field}.JSONPath`));
  else errs.push(...simpleJSONPath(`${field}.JSONPath`, col.jsonPath));
  return errs;
}

function scalePath(field: string, path: string | undefined, under: 'spec' | 'status'): FieldError[] {
  if (!path) return [required(field)];
  const errs = simpleJSONPath(field, path);
  if (errs.length > 0) return errs;
  return path.startsWith(`.${under}.`) ? [] : [invalid(field, path, `should be a json path under .${under}`)];
}

/** ValidateCustomResourceDefinitionSubresources: the scale subresource's paths. */
function validateSubresources(version: CustomResourceDefinitionVersion, field: string): FieldError[] {
  const scale = version.subresources?.scale;
  if (!scale) return [];
  const errs = [
    ...scalePath(`${field}.scale.specReplicasPath`, scale.specReplicasPath, 'spec'),
    ...scalePath(`${field}.scale.statusReplicasPath`, scale.statusReplicasPath, 'status'),
  ];
  if (scale.labelSelectorPath !== undefined && scale.labelSelectorPath !== '') {
    const selectorErrs = simpleJSONPath(`${field}.scale.labelSelectorPath`, scale.labelSelectorPath);
    const p = scale.labelSelectorPath;
    if (selectorErrs.length === 0 && !p.startsWith('.spec.') && !p.startsWith('.status.'))
      selectorErrs.push(
        invalid(`${field}.scale.labelSelectorPath`, p, 'should be a json path under either .spec or .status'),
      );
    errs.push(...selectorErrs);
  }
  return errs;
}

function validateDeprecationWarning(version: CustomResourceDefinitionVersion, field: string): FieldError[] {
  const warning = version.deprecationWarning;
  if (warning === undefined) return [];
  if (version.deprecated !== true) return [invalid(field, warning, 'can only be set for deprecated versions')];
  const errs: FieldError[] = [];
  if (warning.length > 256) errs.push(invalid(field, warning, 'must be <= 256 characters long'));
  if (warning.length === 0) errs.push(invalid(field, warning, 'must not be an empty string'));
  const control = [...warning].findIndex((ch) => /\p{Cc}/u.test(ch));
  if (control >= 0)
    errs.push(
      invalid(
        field,
        warning,
        `must only contain printable UTF-8 characters; control character found at index ${control}`,
      ),
    );
  return errs;
}

/** Names of the versions whose schema an update leaves as it was (kube's versionsWithUnchangedSchemas). */
type UnchangedSchemas = ReadonlySet<string>;

function unchangedSchemas(
  next: CustomResourceDefinitionSpec | undefined,
  old: CustomResourceDefinitionSpec | undefined,
) {
  const out = new Set<string>();
  for (const v of next?.versions ?? []) {
    const before = (old?.versions ?? []).find((o) => o.name === v.name);
    if (before && semanticEqual(before.schema?.openAPIV3Schema, v.schema?.openAPIV3Schema)) out.add(v.name ?? '');
  }
  return out;
}

function validateVersion(
  spec: CustomResourceDefinitionSpec,
  i: number,
  paths: VersionPaths,
  unchanged: UnchangedSchemas,
): FieldError[] {
  const versions = spec.versions ?? [];
  const version = versions[i] ?? {};
  const field = `spec.versions[${i}]`;
  const errs = dns1035(`${field}.name`, version.name ?? '');
  errs.push(...validateDeprecationWarning(version, `${field}.deprecationWarning`));
  const schemaPath = paths.path('schema', i);
  if (schemaPath !== undefined && version.schema?.openAPIV3Schema !== undefined) {
    // A lifted schema is checked against any version's status subresource, a per-version one against its own.
    const anyStatus = versions.some((v) => v.subresources?.status !== undefined);
    const status = paths.isLifted('schema') ? anyStatus : version.subresources?.status !== undefined;
    // An update leaving a version's schema as it was is not refused for a rule's cost (kube's
    // suppressPerExpressionCost): a rule once admitted stays admitted.
    const suppressPerExpressionCost = unchanged.has(version.name ?? '');
    errs.push(
      ...validateCRDVersionSchema(version.schema.openAPIV3Schema, `${schemaPath}.openAPIV3Schema`, status, {
        suppressPerExpressionCost,
      }),
    );
  }
  const subPath = paths.path('subresources', i);
  if (subPath !== undefined) errs.push(...validateSubresources(version, subPath));
  const colPath = paths.path('additionalPrinterColumns', i);
  if (colPath !== undefined)
    (version.additionalPrinterColumns ?? []).forEach((c, j) => errs.push(...validateColumn(c, `${colPath}[${j}]`)));
  const selPath = paths.path('selectableFields', i);
  if (selPath !== undefined && (version.selectableFields ?? []).length > 0)
    errs.push(...validateSelectableFields(version.selectableFields ?? [], version.schema?.openAPIV3Schema, selPath));
  return errs;
}

function validateVersions(spec: CustomResourceDefinitionSpec, unchanged: UnchangedSchemas): FieldError[] {
  const versions = spec.versions ?? [];
  const paths = new VersionPaths(versions);
  const errs: FieldError[] = [];
  versions.forEach((v, i) => {
    if (v.schema?.openAPIV3Schema === undefined)
      errs.push(required(`spec.versions[${i}].schema.openAPIV3Schema`, 'schemas are required'));
  });
  versions.forEach((_, i) => errs.push(...validateVersion(spec, i, paths, unchanged)));
  const names = versions.map((v) => v.name ?? '');
  const listed = { goSyntax: '[]apiextensions.CustomResourceDefinitionVersion{...}' };
  if (new Set(names).size !== names.length)
    errs.push(invalid('spec.versions', listed, 'must contain unique version names'));
  if (versions.filter((v) => v.storage === true).length !== 1)
    errs.push(invalid('spec.versions', listed, 'must have exactly one version marked as storage version'));
  return errs;
}

function validateNamesRequired(names: CustomResourceDefinitionNames | undefined): FieldError[] {
  const keys = ['plural', 'singular', 'kind', 'listKind'] as const;
  return keys.filter((k) => !names?.[k]).map((k) => required(`spec.names.${k}`));
}

/** validateCustomResourceConversion, with Webhook conversion refused: Wheelhouse cannot call conversion webhooks. */
function validateConversion(spec: CustomResourceDefinitionSpec): FieldError[] {
  const conversion = spec.conversion;
  if (conversion === undefined) return [];
  const errs = validateEnum('spec.conversion.strategy', conversion.strategy, ['None', 'Webhook']);
  if (conversion.strategy === 'Webhook') {
    errs.push(
      forbidden(
        'spec.conversion.strategy',
        'Webhook conversion is not supported by Wheelhouse: serve one schema shape in every version and use strategy None',
      ),
    );
    return errs;
  }
  if (conversion.webhook?.clientConfig !== undefined)
    errs.push(
      forbidden('spec.conversion.webhookClientConfig', 'should not be set when strategy is not set to Webhook'),
    );
  if ((conversion.webhook?.conversionReviewVersions ?? []).length > 0)
    errs.push(
      forbidden('spec.conversion.conversionReviewVersions', 'should not be set when strategy is not set to Webhook'),
    );
  return errs;
}

function validateSpec(
  spec: CustomResourceDefinitionSpec | undefined,
  unchanged: UnchangedSchemas = new Set(),
): FieldError[] {
  const s = spec ?? {};
  return [
    ...validateGroup(s.group),
    ...validateEnum('spec.scope', s.scope, ['Cluster', 'Namespaced']),
    ...validateVersions(s, unchanged),
    ...validateNamesRequired(s.names),
    ...validateCRDNames(s.names, 'spec.names'),
    ...validateConversion(s),
  ];
}

/** ValidateCustomResourceDefinitionStoredVersions. */
function validateStoredVersions(crd: CustomResourceDefinition): FieldError[] {
  const stored = crd.status?.storedVersions ?? [];
  const field = 'status.storedVersions';
  // An empty list does not survive storage: kube sees (and prints) a nil slice.
  const shown = goStringList(stored.length === 0 ? undefined : stored);
  if (stored.length === 0) return [invalid(field, shown, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const versions = crd.spec?.versions ?? [];
  for (const v of versions)
    if (v.storage === true && !stored.includes(v.name ?? ''))
      errs.push(invalid(field, shown, `must have the storage version ${v.name ?? ''}`));
  stored.forEach((name, i) => {
    if (!versions.some((v) => v.name === name))
      errs.push(invalid(`${field}[${i}]`, name, 'must appear in spec.versions'));
  });
  return errs;
}

function validatePreserveUnknownFields(crd: CustomResourceDefinition): FieldError[] {
  if (crd.spec?.preserveUnknownFields !== true) return [];
  return [
    invalid(
      'spec.preserveUnknownFields',
      true,
      'cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead',
    ),
  ];
}

function crdName(crd: CustomResourceDefinition) {
  const wanted = `${crd.spec?.names?.plural ?? ''}.${crd.spec?.group ?? ''}`;
  return (name: string, prefix: boolean): string[] => {
    const msgs = nameIsDNSSubdomain(name, prefix);
    return name === wanted ? msgs : [...msgs, 'must be spec.names.plural+"."+spec.group'];
  };
}

/**
 * ValidateCustomResourceDefinition on create: name `<plural>.<group>`, group, scope, names,
 * versions (exactly one storage version, unique names, a structural schema each), printer
 * columns, subresources, conversion (None only) and storedVersions. Call after defaulting and
 * the create strategy (storedVersions is set there). An empty list means valid.
 */
export function validateCustomResourceDefinition(crd: CustomResourceDefinition): FieldError[] {
  return [
    ...validateObjectMeta(crd.metadata, false, crdName(crd)),
    ...validateSpec(crd.spec),
    ...validateCRDNames(crd.status?.acceptedNames, 'status.acceptedNames'),
    ...validateStoredVersions(crd),
    ...validateAPIApproval(crd),
    ...validatePreserveUnknownFields(crd),
  ];
}

function immutable(field: string, next: string | undefined, old: string | undefined): FieldError[] {
  return next === old ? [] : [invalid(field, next ?? '', 'field is immutable')];
}

function isEstablished(crd: CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True');
}

/**
 * ValidateCustomResourceDefinitionUpdate: the create checks on `next` (metadata as an update),
 * group and plural immutable, scope and kind immutable once the CRD is Established, and every
 * stored version still listed in spec.versions.
 */
export function validateCustomResourceDefinitionUpdate(
  next: CustomResourceDefinition,
  old: CustomResourceDefinition,
): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateSpec(next.spec, unchangedSchemas(next.spec, old.spec)),
  ];
  if (isEstablished(old)) {
    errs.push(...immutable('spec.scope', next.spec?.scope, old.spec?.scope));
    errs.push(...immutable('spec.names.kind', next.spec?.names?.kind, old.spec?.names?.kind));
  }
  errs.push(...immutable('spec.group', next.spec?.group, old.spec?.group));
  errs.push(...immutable('spec.names.plural', next.spec?.names?.plural, old.spec?.names?.plural));
  errs.push(...validateCRDNames(next.status?.acceptedNames, 'status.acceptedNames'));
  errs.push(...validateStoredVersions(next));
  errs.push(...validateAPIApproval(next, old));
  if (old.spec?.preserveUnknownFields !== true) errs.push(...validatePreserveUnknownFields(next));
  return errs;
}

/** ValidateUpdateCustomResourceDefinitionStatus: metadata as an update and the accepted names. */
export function validateCustomResourceDefinitionStatusUpdate(
  next: CustomResourceDefinition,
  old: CustomResourceDefinition,
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateCRDNames(next.status?.acceptedNames, 'status.acceptedNames'),
  ];
}
