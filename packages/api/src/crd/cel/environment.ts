/**
 * The CEL environment of x-kubernetes-validations rules: `self` and `oldSelf`, optional types,
 * and the Kubernetes library functions Wheelhouse provides. Rules run with `self` dynamically
 * typed; at CRD create they are also checked against the schema (type-check.ts).
 */
import { Environment } from '@marcbachmann/cel-js';
import { registerFormatLibrary } from './library-format.js';
import { registerListLibrary } from './library-lists.js';
import { registerNetLibrary } from './library-net.js';
import { registerOptionalLibrary } from './library-optional.js';
import { registerStringLibrary } from './library-strings.js';
import { registerURLAndQuantityLibrary } from './library-url-quantity.js';

/**
 * Functions of Kubernetes 1.32's CEL environment for CRD rules (as `name` or `namespace.name`)
 * that Wheelhouse does not implement: a rule calling one refuses its CRD with a message naming
 * it. (Functions later Kubernetes versions add, such as math.*, base64.*, semver or lists'
 * sort, are refused as kube 1.32 refuses them: `undeclared reference to ...`.)
 */
export const UNIMPLEMENTED_KUBERNETES_FUNCTIONS: ReadonlySet<string> = new Set(['optMap', 'optFlatMap']);

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
  registerFormatLibrary(env);
  registerOptionalLibrary(env);
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
