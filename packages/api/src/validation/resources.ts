/**
 * Resource names and quantities, as Kubernetes' validateResourceRequirements,
 * ValidateResourceQuantityValue and the resource-name helpers of pkg/apis/core/helper.
 * Quantities that do not parse are left to decoding (a 400 before validation runs).
 */
import { isQualifiedName, parseQuantity, Quantity } from '@wheelhouse/machinery';
import type { ResourceRequirements } from '../schema/core-v1-container.js';
import type { Quantity as QuantityValue, ResourceList } from '../schema/primitives.js';
import { forbidden, invalid, required, type FieldError, type GoLiteral } from './field-errors.js';

const HUGEPAGES_PREFIX = 'hugepages-';
const REQUESTS_HUGEPAGES_PREFIX = 'requests.hugepages-';
const REQUESTS_PREFIX = 'requests.';
const NATIVE_NAMESPACE = 'kubernetes.io/';
const CPU_AND_MEMORY = new Set(['cpu', 'memory']);
const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);
const INTEGER_RESOURCES = new Set([
  'pods',
  'resourcequotas',
  'services',
  'replicationcontrollers',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'services.nodeports',
  'services.loadbalancers',
]);
const STANDARD_RESOURCES = new Set([
  ...STANDARD_CONTAINER_RESOURCES,
  ...INTEGER_RESOURCES,
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'storage',
  'requests.storage',
]);
/** Defaulting rounds every ResourceList value up to this scale (SetDefaults_ResourceList). */
const MILLI = -3;

function isHugePages(name: string): boolean {
  return name.startsWith(HUGEPAGES_PREFIX);
}

/** Names without a domain, or in `kubernetes.io/`, are Kubernetes' own (IsNativeResource). */
function isNative(name: string): boolean {
  return !name.includes('/') || name.includes(NATIVE_NAMESPACE);
}

/** A resource outside Kubernetes' own names, valid as `requests.<name>` (IsExtendedResourceName). */
export function isExtendedResourceName(name: string): boolean {
  if (isNative(name) || name.startsWith(REQUESTS_PREFIX)) return false;
  return isQualifiedName(`${REQUESTS_PREFIX}${name}`).length === 0;
}

/** Requests may be below limits for native resources other than hugepages. */
export function isOvercommitAllowed(name: string): boolean {
  return isNative(name) && !isHugePages(name);
}

function isStandardResourceName(name: string): boolean {
  return (
    STANDARD_RESOURCES.has(name) || name.startsWith(HUGEPAGES_PREFIX) || name.startsWith(REQUESTS_HUGEPAGES_PREFIX)
  );
}

function isIntegerResourceName(name: string): boolean {
  return INTEGER_RESOURCES.has(name) || isExtendedResourceName(name);
}

/**
 * The quantity Kubernetes validates for a decoded value: parsed (surrounding space
 * trimmed, as Quantity.UnmarshalJSON does) and rounded up to milli-units as defaulting
 * does. Undefined when it does not parse, which decoding reports.
 */
export function quantityOf(value: QuantityValue | undefined): Quantity | undefined {
  if (value === undefined) return undefined;
  let q: Quantity;
  try {
    q = parseQuantity(typeof value === 'string' ? value.trim() : String(value));
  } catch {
    return undefined;
  }
  return q.exponent < MILLI ? new Quantity(q.scaledValue(MILLI), MILLI, q.format) : q;
}

/** Go's `%#v` of a resource.Quantity held in its int64 form, as `must be an integer` quotes it. */
export function goQuantity(q: Quantity): GoLiteral {
  const text = JSON.stringify(q.parsedText ?? '');
  return {
    goSyntax: `resource.Quantity{i:resource.int64Amount{value:${q.unscaled}, scale:${q.exponent}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${text}, Format:${JSON.stringify(q.format)}}`,
  };
}

/** Checks a resource name: a qualified name, and a standard one when it has no domain (validateResourceName). */
export function validateResourceName(name: string, path: string): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(path, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes('/') && !isStandardResourceName(name))
    errs.push(invalid(path, name, 'must be a standard resource type or fully qualified'));
  return errs;
}

/** Checks a container resource name: standard for containers, or a valid extended resource name. */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = validateResourceName(name, path);
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePages(name))
      errs.push(invalid(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** A quantity must not be negative, and must be whole for integer resources (ValidateResourceQuantityValue). */
export function validateResourceQuantityValue(name: string, q: Quantity, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(invalid(path, q.toString(), 'must be greater than or equal to 0'));
  if (isIntegerResourceName(name) && q.scaledValue(MILLI) % 1000n !== 0n)
    errs.push(invalid(path, goQuantity(q), 'must be an integer'));
  return errs;
}

/** A request must not exceed its limit, and must equal it for resources that cannot be overcommitted. */
function validateRequestAgainstLimit(
  name: string,
  request: Quantity,
  limits: ResourceList,
  paths: { limits: string; requests: string },
): FieldError[] {
  if (!Object.hasOwn(limits, name))
    return isOvercommitAllowed(name)
      ? []
      : [required(paths.limits, 'Limit must be set for non overcommitable resources')];
  const limit = quantityOf(limits[name]);
  if (limit === undefined) return [];
  const order = request.cmp(limit);
  if (order !== 0 && !isOvercommitAllowed(name))
    return [invalid(paths.requests, request.toString(), `must be equal to ${name} limit of ${limit.toString()}`)];
  if (order > 0)
    return [
      invalid(paths.requests, request.toString(), `must be less than or equal to ${name} limit of ${limit.toString()}`),
    ];
  return [];
}

/**
 * Validates a container's `resources` at `path`: resource names, non-negative (and for
 * integer resources whole) quantities, requests within limits, hugepages only with cpu or
 * memory. Paths name map keys in brackets: `resources.requests[cpu]`.
 */
export function validateResourceRequirements(resources: ResourceRequirements | undefined, path: string): FieldError[] {
  const limits = resources?.limits ?? {};
  const requests = resources?.requests ?? {};
  const paths = { limits: `${path}.limits`, requests: `${path}.requests` };
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(limits)) {
    const p = `${paths.limits}[${name}]`;
    errs.push(...validateContainerResourceName(name, p));
    const q = quantityOf(value);
    if (q !== undefined) errs.push(...validateResourceQuantityValue(name, q, p));
  }
  for (const [name, value] of Object.entries(requests)) {
    const p = `${paths.requests}[${name}]`;
    errs.push(...validateContainerResourceName(name, p));
    const q = quantityOf(value);
    if (q === undefined) continue;
    errs.push(...validateResourceQuantityValue(name, q, p));
    errs.push(...validateRequestAgainstLimit(name, q, limits, paths));
  }
  const names = [...Object.keys(limits), ...Object.keys(requests)];
  if (!names.some((n) => CPU_AND_MEMORY.has(n)) && names.some(isHugePages))
    errs.push(forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

/**
 * Validates a ResourceList of capacities (Node `status.capacity` and `status.allocatable`):
 * each quantity, at `path.<name>` (a child path, as ValidateNodeResources builds it).
 */
export function validateResourceQuantities(list: ResourceList | undefined, path: string): FieldError[] {
  return Object.entries(list ?? {}).flatMap(([name, value]) => {
    const q = quantityOf(value);
    return q === undefined ? [] : validateResourceQuantityValue(name, q, `${path}.${name}`);
  });
}
