/**
 * The CEL environment of x-kubernetes-validations rules: `self` and `oldSelf`, optional types,
 * and the Kubernetes library functions Wheelhouse provides. Rules run with `self` dynamically
 * typed; at CRD create they are also checked against the schema (type-check.ts).
 */
import { Environment } from '@marcbachmann/cel-js';
import { registerListLibrary } from './library-lists.js';
import { registerNetLibrary } from './library-net.js';
import { registerStringLibrary } from './library-strings.js';
import { registerURLAndQuantityLibrary } from './library-url-quantity.js';

/**
 * Kubernetes CEL library functions (as `name` or `namespace.name`) that Wheelhouse does not
 * implement: a rule calling one refuses its CRD with a message naming it.
 */
export const UNIMPLEMENTED_KUBERNETES_FUNCTIONS: ReadonlySet<string> = new Set([
  'isCanonical',
  'masked',
  'reverse',
  'slice',
  'flatten',
  'sort',
  'sortBy',
  'distinct',
  'lists.range',
  'base64.encode',
  'base64.decode',
  'semver',
  'isSemver',
  ...[
    'named',
    'dns1123Label',
    'dns1123Subdomain',
    'dns1035Label',
    'qualifiedName',
    'dns1123LabelPrefix',
    'dns1123SubdomainPrefix',
    'dns1035LabelPrefix',
    'labelValue',
    'uri',
    'uuid',
    'byte',
    'date',
    'datetime',
  ].map((n) => `format.${n}`),
  ...[
    'greatest',
    'least',
    'ceil',
    'floor',
    'round',
    'trunc',
    'abs',
    'sign',
    'isInf',
    'isNaN',
    'isFinite',
    'sqrt',
    'bitAnd',
    'bitOr',
    'bitXor',
    'bitNot',
    'bitShiftLeft',
    'bitShiftRight',
  ].map((n) => `math.${n}`),
]);

let libraries: Environment | undefined;
let cached: { env: Environment; names: ReadonlySet<string> } | undefined;

function functionNames(env: Environment): Set<string> {
  const names = new Set<string>();
  for (const fn of env.getDefinitions().functions) {
    const head = (fn as { signature?: string; name?: string }).signature ?? (fn as { name?: string }).name ?? '';
    const beforeParen = head.split('(')[0] ?? '';
    names.add(beforeParen.slice(beforeParen.lastIndexOf('.') + 1));
  }
  return names;
}

/**
 * The environment of the Kubernetes libraries without variables, built once and frozen: callers
 * `clone()` it and declare `self`/`oldSelf` with the types they need.
 */
export function libraryEnvironment(): Environment {
  if (libraries) return libraries;
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  registerListLibrary(env);
  registerStringLibrary(env);
  registerURLAndQuantityLibrary(env);
  registerNetLibrary(env);
  libraries = env;
  return env;
}

/** The shared rule environment (`self`, `oldSelf` dyn) and the names of the functions it knows. Built once. */
export function ruleEnvironment(): { env: Environment; names: ReadonlySet<string> } {
  if (cached) return cached;
  const env = libraryEnvironment().clone();
  env.registerVariable('self', 'dyn');
  env.registerVariable('oldSelf', 'dyn');
  cached = { env, names: functionNames(env) };
  return cached;
}
