/**
 * Whether a resource's strategy allows an unconditional update (kube-apiserver's
 * AllowUnconditionalUpdate): a PUT without metadata.resourceVersion then writes over
 * whatever is stored, retried on conflict; otherwise it is refused with 422. True for every
 * served resource but Leases, whose holders must prove they saw the current holder, and
 * RuntimeClasses (kube's runtimeclass strategy allows none either).
 */
import { invalid as invalidField } from '@wheelhouse/api';
import { invalid, type ApiError } from '../errors.js';
import type { ResourceDef } from './registry.js';

const CONDITIONAL_ONLY = new Set(['coordination.k8s.io/leases', 'node.k8s.io/runtimeclasses']);

/** False for resources whose PUTs must carry a resourceVersion. */
export function allowsUnconditionalUpdate(def: ResourceDef): boolean {
  return !CONDITIONAL_ONLY.has(`${def.group}/${def.plural}`);
}

/** 422 for a PUT without resourceVersion where the strategy requires one (worded as kube-apiserver's Store.Update). */
export function resourceVersionRequired(def: ResourceDef, name: string): ApiError {
  // Kubernetes names the resource, not the kind, here: `leases.coordination.k8s.io "x" is invalid: ...`.
  return invalid(def.plural, def, name, [
    invalidField('metadata.resourceVersion', { goSyntax: '0x0' }, 'must be specified for an update'),
  ]);
}
