/**
 * The CEL environment of x-kubernetes-validations rules: `self` and `oldSelf` (dynamically
 * typed: rules are checked against the schema at run time, not at compile time, unlike
 * kube-apiserver), optional types, and the Kubernetes library functions Wheelhouse provides.
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

/** The shared rule environment and the names of the functions it knows. Built once. */
export function ruleEnvironment(): { env: Environment; names: ReadonlySet<string> } {
  if (cached) return cached;
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false });
  env.registerVariable('self', 'dyn');
  env.registerVariable('oldSelf', 'dyn');
  registerListLibrary(env);
  registerStringLibrary(env);
  registerURLAndQuantityLibrary(env);
  registerNetLibrary(env);
  cached = { env, names: functionNames(env) };
  return cached;
}
