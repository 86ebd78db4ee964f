/** The 403 an admission plugin refuses an object with: `pods "x" is forbidden: <why>` (admission.NewForbidden). */
import { ApiError } from '../errors.js';
import type { ResourceDef } from '../registry/registry.js';

/** A Forbidden ApiError for object `name` of `def`, with kube's message and details. */
export function admissionForbidden(def: ResourceDef, name: string, why: string): ApiError {
  const resource = def.group === '' ? def.plural : `${def.plural}.${def.group}`;
  const details = def.group === '' ? { name, kind: def.plural } : { name, group: def.group, kind: def.plural };
  return new ApiError('Forbidden', `${resource} "${name}" is forbidden: ${why}`, details);
}
