/** Ephemeral (debug) containers in a pod spec, as Kubernetes 1.32's validateEphemeralContainers. */
import type { Container, EphemeralContainer } from '../schema/core-v1-container.js';
import { validateContainerCommon } from './container.js';
import { duplicate, forbidden, invalid, notFound, type FieldError } from './field-errors.js';

/**
 * The fields of EphemeralContainerCommon kube's allow list refuses, in the Go struct's order
 * (validateFieldAllowList reports them in that order).
 */
const FORBIDDEN_FIELDS = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
] as const;

const NOT_FOR_EPHEMERAL = 'cannot be set for an Ephemeral Container';

/** Whether a decoded field holds anything: Go's zero value test (nothing, an empty list or object). */
function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.values(value).some(isSet);
  return true;
}

function validateOne(ec: EphemeralContainer, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const image = ec.image ?? '';
  if (image.trim() !== image)
    errs.push(invalid(`${path}.image`, image, 'must not have leading or trailing whitespace'));
  for (const f of FORBIDDEN_FIELDS) if (isSet(ec[f])) errs.push(forbidden(`${path}.${f}`, NOT_FOR_EPHEMERAL));
  (ec.volumeMounts ?? []).forEach((m, i) => {
    if (m.subPath) errs.push(forbidden(`${path}.volumeMounts[${i}].subPath`, NOT_FOR_EPHEMERAL));
    if (m.subPathExpr) errs.push(forbidden(`${path}.volumeMounts[${i}].subPathExpr`, NOT_FOR_EPHEMERAL));
  });
  return errs;
}

/**
 * Validates `spec.ephemeralContainers` (at `path`) as kube's validateEphemeralContainers: the
 * checks every container gets, names unique across containers, init containers and ephemeral
 * containers (`Duplicate value`), `targetContainerName` naming a container or init container
 * (`Not found`), and the fields an ephemeral container may not set (`Forbidden: cannot be set
 * for an Ephemeral Container`).
 */
export function validateEphemeralContainers(
  ephemeral: readonly EphemeralContainer[] | undefined,
  containers: readonly Container[] | undefined,
  inits: readonly Container[] | undefined,
  volumes: ReadonlySet<string>,
  path: string,
): FieldError[] {
  const others = new Set([...(containers ?? []), ...(inits ?? [])].map((c) => c.name ?? ''));
  const names = new Set(others);
  const errs: FieldError[] = [];
  (ephemeral ?? []).forEach((ec, i) => {
    const p = `${path}[${i}]`;
    const name = ec.name ?? '';
    errs.push(...validateContainerCommon(ec as Container, volumes, p));
    if (names.has(name)) errs.push(duplicate(`${p}.name`, name));
    names.add(name);
    if (ec.targetContainerName && !others.has(ec.targetContainerName))
      errs.push(notFound(`${p}.targetContainerName`, ec.targetContainerName));
    errs.push(...validateOne(ec, p));
  });
  return errs;
}
