/**
 * The CEL environment of ValidatingAdmissionPolicy expressions (kube's admission plugin CEL
 * environment): `object`, `oldObject`, `request`, `namespaceObject`, `variables` and, for a
 * policy with a paramKind, `params`, all dynamically typed (kube types them from OpenAPI at
 * compile time; Wheelhouse checks types at run time), over the Kubernetes libraries CRD rules
 * have too (kube's base environment serves both). `authorizer` is not declared: Wheelhouse has
 * no authorizer yet.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { libraryEnvironment } from '../crd/cel/environment.js';

/** The variables every policy expression sees. */
const BASE_VARIABLES = ['object', 'oldObject', 'request', 'namespaceObject', 'variables'] as const;

const cached = new Map<boolean, Environment>();

/** The policy environment, with `params` declared when `hasParams`. Built once per flavour. */
export function policyEnvironment(hasParams: boolean): Environment {
  const hit = cached.get(hasParams);
  if (hit) return hit;
  const env = libraryEnvironment().clone();
  for (const name of BASE_VARIABLES) env.registerVariable(name, 'dyn');
  if (hasParams) env.registerVariable('params', 'dyn');
  cached.set(hasParams, env);
  return env;
}
