/**
 * kubectl's resource arguments: `TYPE`, `TYPE NAME...`, `TYPE1,TYPE2`, `TYPE/NAME...`,
 * resolved through discovery into the resources and names they name.
 */
import type { ApiResource, Discovery } from './discovery.js';
import { KubectlError } from './errors.js';

/** One resource and the names asked of it (none: all of them). */
export interface Target {
  resource: ApiResource;
  names: string[];
}

/** The targets of `args`; throws kubectl's one-line errors for malformed arguments or unknown types. */
export function resolveTargets(discovery: Discovery, args: readonly string[]): Target[] {
  if (args.length === 0) throw new KubectlError('you must specify the type of resource to get');
  if (args.some((a) => a.includes('/'))) {
    const targets: Target[] = [];
    for (const arg of args) {
      const slash = arg.indexOf('/');
      if (slash <= 0 || slash === arg.length - 1)
        throw new KubectlError(
          `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'wheelhouse get resource/<resource_name>' instead of 'wheelhouse get resource resource/<resource_name>'`,
        );
      const [resource] = discovery.resolve(arg.slice(0, slash));
      const name = arg.slice(slash + 1);
      const same = targets.find((t) => t.resource === resource);
      if (same) same.names.push(name);
      else targets.push({ resource: resource!, names: [name] });
    }
    return targets;
  }
  const [types, ...names] = args as [string, ...string[]];
  const resources = types
    .split(',')
    .filter((t) => t !== '')
    .flatMap((t) => discovery.resolve(t));
  if (names.length > 0 && resources.length > 1)
    throw new KubectlError('you must specify only one resource type when naming objects');
  return [...new Set(resources)].map((resource) => ({ resource, names: [...names] }));
}
