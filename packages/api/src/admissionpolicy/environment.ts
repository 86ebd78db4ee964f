/**
 * The CEL environment of ValidatingAdmissionPolicy expressions (kube's admission plugin CEL
 * environment): `object`, `oldObject`, `request`, `namespaceObject`, `variables` and, for a
 * policy with a paramKind, `params`, all dynamically typed (kube types them from OpenAPI at
 * compile time; Wheelhouse checks types at run time), with the Kubernetes library functions of
 * the CRD rule environment. `authorizer` is not declared: Wheelhouse has no authorizer yet.
 */
import { Environment } from '@marcbachmann/cel-js';
import { registerListLibrary } from '../crd/cel/library-lists.js';
import { registerNetLibrary } from '../crd/cel/library-net.js';
import { registerStringLibrary } from '../crd/cel/library-strings.js';
import { registerURLAndQuantityLibrary } from '../crd/cel/library-url-quantity.js';

/** The variables every policy expression sees. */
const BASE_VARIABLES = ['object', 'oldObject', 'request', 'namespaceObject', 'variables'] as const;

const cached = new Map<boolean, Environment>();

/** The policy environment, with `params` declared when `hasParams`. Built once per flavour. */
export function policyEnvironment(hasParams: boolean): Environment {
  const hit = cached.get(hasParams);
  if (hit) return hit;
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  for (const name of BASE_VARIABLES) env.registerVariable(name, 'dyn');
  if (hasParams) env.registerVariable('params', 'dyn');
  registerListLibrary(env);
  registerStringLibrary(env);
  registerURLAndQuantityLibrary(env);
  registerNetLibrary(env);
  cached.set(hasParams, env);
  return env;
}
