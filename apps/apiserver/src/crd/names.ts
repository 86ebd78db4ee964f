/**
 * The names a CRD may have, as apiextensions-apiserver's naming controller decides: each
 * requested name (plural, singular, short names, kind, listKind) is taken if it equals the
 * one already accepted or no other CRD of the group has accepted it; otherwise
 * NamesAccepted=False with the reason of the last conflict found (kube checks in that order) and `"x" is already in use`.
 */
import { fullNames } from './definitions.js';
import type { CustomResourceDefinitionCondition, CustomResourceDefinitionNames } from '@wheelhouse/api';
import type { Crd } from './types.js';

/** The names accepted and the NamesAccepted condition (without time). */
export interface NamingResult {
  names: CustomResourceDefinitionNames;
  condition: Omit<CustomResourceDefinitionCondition, 'lastTransitionTime'>;
}

function usedByOthers(crd: Crd, all: readonly Crd[]): { resources: Set<string>; kinds: Set<string> } {
  const resources = new Set<string>();
  const kinds = new Set<string>();
  for (const other of all) {
    if (other.metadata.name === crd.metadata.name || other.spec?.group !== crd.spec?.group) continue;
    const n = other.status?.acceptedNames;
    if (!n) continue;
    for (const r of [n.plural ?? '', n.singular ?? '', ...(n.shortNames ?? [])]) if (r) resources.add(r);
    for (const k of [n.kind ?? '', n.listKind ?? '']) if (k) kinds.add(k);
  }
  return { resources, kinds };
}

function inUse(requested: string, accepted: string | undefined, used: Set<string>): string | undefined {
  return requested === accepted || !used.has(requested) ? undefined : `"${requested}" is already in use`;
}

/** Decides the accepted names of `crd` among `all` CRDs (the cache's). */
export function acceptNames(crd: Crd, all: readonly Crd[]): NamingResult {
  const { resources, kinds } = usedByOthers(crd, all);
  const requested = fullNames(crd.spec?.names ?? {});
  const accepted = crd.status?.acceptedNames;
  const names: CustomResourceDefinitionNames = { ...(accepted ?? { plural: '', kind: '' }) };
  let conflict: { reason: string; message: string } | undefined;
  const check = (reason: string, err: string | undefined, take: () => void): void => {
    if (err === undefined) take();
    else conflict = { reason, message: err };
  };
  check(
    'PluralConflict',
    inUse(requested.plural, accepted?.plural, resources),
    () => (names.plural = requested.plural),
  );
  check('SingularConflict', inUse(requested.singular, accepted?.singular, resources), () => {
    names.singular = requested.singular;
  });
  const shortErr = requested.shortNames
    .map((s) => inUse(s, undefined, (accepted?.shortNames ?? []).includes(s) ? new Set() : resources))
    .find((e) => e !== undefined);
  check('ShortNamesConflict', shortErr, () => (names.shortNames = requested.shortNames));
  check('KindConflict', inUse(requested.kind, accepted?.kind, kinds), () => (names.kind = requested.kind));
  check('ListKindConflict', inUse(requested.listKind, accepted?.listKind, kinds), () => {
    names.listKind = requested.listKind;
  });
  names.categories = requested.categories;
  if (!names.shortNames?.length) delete names.shortNames;
  if (!names.categories.length) delete names.categories;
  const condition = conflict
    ? { type: 'NamesAccepted', status: 'False' as const, ...conflict }
    : { type: 'NamesAccepted', status: 'True' as const, reason: 'NoConflicts', message: 'no conflicts found' };
  return { names, condition };
}
