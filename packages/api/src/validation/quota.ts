/** ResourceQuota and LimitRange validation, as Kubernetes' core validation (ValidateResourceQuota, ValidateLimitRange). */
import { goQuote, isQualifiedName, nameIsDNSSubdomain, newQuantity, type Quantity } from '@wheelhouse/machinery';
import type { LimitRange, LimitRangeItem, ResourceQuota } from '../schema/core-v1-quota.js';
import type { ResourceList } from '../schema/primitives.js';
import { duplicate, forbidden, goStringList, invalid, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import {
  goQuantity,
  isOvercommitAllowed,
  quantityOf,
  validateContainerResourceName,
  validateResourceName,
  validateResourceQuantityValue,
} from './resources.js';

const STANDARD_QUOTA_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.storage',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'persistentvolumeclaims',
  'configmaps',
  'services.nodeports',
  'services.loadbalancers',
]);
const STANDARD_SCOPES = new Set([
  'Terminating',
  'NotTerminating',
  'BestEffort',
  'NotBestEffort',
  'PriorityClass',
  'CrossNamespacePodAffinity',
]);
/** The resources the pod scopes other than BestEffort can constrain (podObjectCountQuotaResources + podComputeQuotaResources). */
const POD_COUNT_AND_COMPUTE = new Set([
  'pods',
  'cpu',
  'memory',
  'limits.cpu',
  'limits.memory',
  'requests.cpu',
  'requests.memory',
]);
const CONFLICTING_SCOPES = [
  ['BestEffort', 'NotBestEffort'],
  ['Terminating', 'NotTerminating'],
] as const;
const STANDARD_LIMIT_TYPES = new Set(['Pod', 'Container', 'PersistentVolumeClaim']);

/** A resource name a quota may constrain: a valid resource name, and standard for quota when it has no domain. */
export function isStandardQuotaResourceName(name: string): boolean {
  return STANDARD_QUOTA_RESOURCES.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

function validateQuotaList(list: ResourceList | undefined, path: string): FieldError[] {
  return Object.entries(list ?? {}).flatMap(([name, value]) => {
    const at = `${path}[${name}]`;
    const errs = validateResourceName(name, at);
    if (!name.includes('/') && !isStandardQuotaResourceName(name))
      errs.push(invalid(at, name, 'must be a standard resource for quota'));
    const q = quantityOf(value);
    if (q !== undefined) errs.push(...validateResourceQuantityValue(name, q, at));
    return errs;
  });
}

/** Whether `scope` may constrain quota resource `name` (IsResourceQuotaScopeValidForResource): unknown scopes may. */
function scopeAllowsResource(scope: string, name: string): boolean {
  if (scope === 'BestEffort') return name === 'pods';
  return !STANDARD_SCOPES.has(scope) || POD_COUNT_AND_COMPUTE.has(name);
}

/** Go's `%#v` of spec.scopes (`[]core.ResourceQuotaScope(nil)` when absent). */
const goScopes = (spec: NonNullable<ResourceQuota['spec']>) => goStringList(spec.scopes, 'core.ResourceQuotaScope');

/** How the shared scope checks report their problems. */
interface ScopeReports {
  unsupported: (scope: string) => FieldError;
  notForResource: () => FieldError;
  /** kube reports conflicting scopes with spec.scopes as the value, for the selector's too. */
  conflicting: () => FieldError;
  checkOne?: (i: number) => FieldError[];
}

/** The scope checks spec.scopes and spec.scopeSelector share: a standard scope, valid for every hard resource, no conflicting pair. */
function scopeErrors(scopes: readonly string[], hard: ResourceList | undefined, report: ScopeReports): FieldError[] {
  const errs: FieldError[] = [];
  const names = Object.keys(hard ?? {}).sort();
  scopes.forEach((scope, i) => {
    if (!STANDARD_SCOPES.has(scope)) errs.push(report.unsupported(scope));
    for (const k of names)
      if (isStandardQuotaResourceName(k) && !scopeAllowsResource(scope, k)) errs.push(report.notForResource());
    errs.push(...(report.checkOne?.(i) ?? []));
  });
  for (const [a, b] of CONFLICTING_SCOPES)
    if (scopes.includes(a) && scopes.includes(b)) errs.push(report.conflicting());
  return errs;
}

function validateScopes(spec: NonNullable<ResourceQuota['spec']>): FieldError[] {
  const scopes = spec.scopes ?? [];
  if (scopes.length === 0) return [];
  const bad = goScopes(spec);
  return scopeErrors(scopes, spec.hard, {
    unsupported: () => invalid('spec.scopes', bad, 'unsupported scope'),
    notForResource: () => invalid('spec.scopes', bad, 'unsupported scope applied to resource'),
    conflicting: () => invalid('spec.scopes', bad, 'conflicting scopes'),
  });
}

/** validateScopeSelector: each match expression's scope, operator and values (paths are not indexed, as kube's). */
function validateScopeSelector(spec: NonNullable<ResourceQuota['spec']>): FieldError[] {
  const selector = spec.scopeSelector;
  if (selector === undefined) return [];
  const path = 'spec.scopeSelector.matchExpressions';
  const exprs = selector.matchExpressions ?? [];
  const requirement = (e: (typeof exprs)[number]) =>
    `core.ScopedResourceSelectorRequirement{ScopeName:${goQuote(e.scopeName ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringList(e.values).goSyntax}}`;
  const bad = {
    goSyntax: `core.ScopeSelector{MatchExpressions:${
      selector.matchExpressions === undefined
        ? '[]core.ScopedResourceSelectorRequirement(nil)'
        : `[]core.ScopedResourceSelectorRequirement{${exprs.map(requirement).join(', ')}}`
    }}`,
  };
  const checkOne = (i: number): FieldError[] => {
    const { scopeName = '', operator = '', values } = exprs[i]!;
    const errs: FieldError[] = [];
    if (STANDARD_SCOPES.has(scopeName) && scopeName !== 'PriorityClass' && operator !== 'Exists')
      errs.push(
        invalid(
          `${path}.operator`,
          operator,
          "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity",
        ),
      );
    if (operator === 'In' || operator === 'NotIn') {
      if ((values ?? []).length === 0)
        errs.push(
          required(
            `${path}.values`,
            "must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
          ),
        );
    } else if (operator === 'Exists' || operator === 'DoesNotExist') {
      if ((values ?? []).length !== 0)
        errs.push(
          invalid(
            `${path}.values`,
            goStringList(values),
            "must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector",
          ),
        );
    } else errs.push(invalid(`${path}.operator`, operator, 'not a valid selector operator'));
    return errs;
  };
  return scopeErrors(
    exprs.map((e) => e.scopeName ?? ''),
    spec.hard,
    {
      unsupported: (scope) => invalid(`${path}.scopeName`, scope, 'unsupported scope'),
      notForResource: () => invalid(path, bad, 'unsupported scope applied to resource'),
      conflicting: () => invalid(path, goScopes(spec), 'conflicting scopes'),
      checkOne,
    },
  );
}

/** Validates a ResourceQuota: metadata, `spec.hard` and `status` names and quantities, scopes. */
export function validateResourceQuota(quota: ResourceQuota): FieldError[] {
  return [
    ...validateObjectMeta(quota.metadata, true, nameIsDNSSubdomain),
    ...validateQuotaList(quota.spec?.hard, 'spec.hard'),
    ...(quota.spec ? [...validateScopes(quota.spec), ...validateScopeSelector(quota.spec)] : []),
    ...validateQuotaList(quota.status?.hard, 'status.hard'),
    ...validateQuotaList(quota.status?.used, 'status.used'),
  ];
}

/** Validates a ResourceQuota update: metadata update rules, the create checks, then spec.scopes (as a set) unchanged. */
export function validateResourceQuotaUpdate(next: ResourceQuota, old: ResourceQuota): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateResourceQuota(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
  const [nextScopes, oldScopes] = [new Set(next.spec?.scopes ?? []), new Set(old.spec?.scopes ?? [])];
  if (nextScopes.size !== oldScopes.size || [...nextScopes].some((s) => !oldScopes.has(s)))
    errs.push(invalid('spec.scopes', goScopes(next.spec ?? {}), 'field is immutable'));
  return errs;
}

function validateLimitType(type: string, path: string): FieldError[] {
  const errs = isQualifiedName(type).map((m) => invalid(path, type, m));
  if (errs.length === 0 && !type.includes('/') && !STANDARD_LIMIT_TYPES.has(type))
    errs.push(invalid(path, type, 'must be a standard limit type or fully qualified'));
  return errs;
}

type Lists = Record<'min' | 'max' | 'default' | 'defaultRequest' | 'maxLimitRequestRatio', Map<string, Quantity>>;

function readLists(item: LimitRangeItem, path: string, errs: FieldError[]): Lists {
  const type = item.type ?? '';
  const nameCheck = type === 'Pod' || type === 'Container' ? validateContainerResourceName : validateResourceName;
  const lists = {} as Lists;
  const keys = ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'] as const;
  for (const key of keys) {
    lists[key] = new Map();
    if (type === 'Pod' && (key === 'default' || key === 'defaultRequest')) {
      if (Object.keys(item[key] ?? {}).length > 0)
        errs.push(forbidden(`${path}.${key}`, "may not be specified when `type` is 'Pod'"));
      continue;
    }
    for (const [name, value] of Object.entries(item[key] ?? {})) {
      errs.push(...nameCheck(name, `${path}.${key}[${name}]`));
      const q = quantityOf(value);
      if (q !== undefined) lists[key].set(name, q);
    }
  }
  return lists;
}

function compareLists(lists: Lists, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set(Object.values(lists).flatMap((m) => [...m.keys()]));
  for (const k of [...names].sort()) {
    const [min, max, def, req, ratio] = [
      lists.min.get(k),
      lists.max.get(k),
      lists.default.get(k),
      lists.defaultRequest.get(k),
      lists.maxLimitRequestRatio.get(k),
    ];
    const s = (q: Quantity) => q.toString();
    if (min && max && min.cmp(max) > 0)
      errs.push(
        invalid(`${path}.min[${k}]`, goQuantity(min), `min value ${s(min)} is greater than max value ${s(max)}`),
      );
    if (req && min && min.cmp(req) > 0)
      errs.push(
        invalid(
          `${path}.defaultRequest[${k}]`,
          goQuantity(req),
          `min value ${s(min)} is greater than default request value ${s(req)}`,
        ),
      );
    if (req && max && req.cmp(max) > 0)
      errs.push(
        invalid(
          `${path}.defaultRequest[${k}]`,
          goQuantity(req),
          `default request value ${s(req)} is greater than max value ${s(max)}`,
        ),
      );
    if (req && def && req.cmp(def) > 0)
      errs.push(
        invalid(
          `${path}.defaultRequest[${k}]`,
          goQuantity(req),
          `default request value ${s(req)} is greater than default limit value ${s(def)}`,
        ),
      );
    if (def && min && min.cmp(def) > 0)
      errs.push(
        invalid(
          `${path}.default[${k}]`,
          goQuantity(min),
          `min value ${s(min)} is greater than default value ${s(def)}`,
        ),
      );
    if (def && max && def.cmp(max) > 0)
      errs.push(
        invalid(
          `${path}.default[${k}]`,
          goQuantity(max),
          `default value ${s(def)} is greater than max value ${s(max)}`,
        ),
      );
    if (ratio && ratio.cmp(newQuantity(1, 'DecimalSI')) < 0)
      errs.push(invalid(`${path}.maxLimitRequestRatio[${k}]`, goQuantity(ratio), `ratio ${s(ratio)} is less than 1`));
    if (ratio && min && max) {
      const limit = max.milliValue() / min.milliValue();
      if (ratio.milliValue() / 1000 > limit)
        errs.push(
          invalid(
            `${path}.maxLimitRequestRatio[${k}]`,
            goQuantity(ratio),
            `ratio ${s(ratio)} is greater than max/min = ${limit.toFixed(6)}`,
          ),
        );
    }
    if (!isOvercommitAllowed(k) && def && req && def.cmp(req) !== 0)
      errs.push(
        invalid(
          `${path}.defaultRequest[${k}]`,
          goQuantity(req),
          `default value ${s(def)} must equal to defaultRequest value ${s(req)} in ${k}`,
        ),
      );
  }
  return errs;
}

/** Validates a LimitRange: limit types (each once), resource names, and min <= default request <= default <= max. */
export function validateLimitRange(lr: LimitRange): FieldError[] {
  const errs = validateObjectMeta(lr.metadata, true, nameIsDNSSubdomain);
  const seen = new Set<string>();
  (lr.spec?.limits ?? []).forEach((item, i) => {
    const path = `spec.limits[${i}]`;
    const type = item.type ?? '';
    errs.push(...validateLimitType(type, `${path}.type`));
    if (seen.has(type)) errs.push(duplicate(`${path}.type`, type));
    seen.add(type);
    const lists = readLists(item, path, errs);
    if (type === 'PersistentVolumeClaim' && !lists.min.has('storage') && !lists.max.has('storage'))
      errs.push(
        required(`${path}.limits`, 'either minimum or maximum storage value is required, but neither was provided'),
      );
    errs.push(...compareLists(lists, path));
  });
  return errs;
}

/** Validates a LimitRange update: metadata update rules, then the create checks. */
export function validateLimitRangeUpdate(next: LimitRange, old: LimitRange): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateLimitRange(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
}
